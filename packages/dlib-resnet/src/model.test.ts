// The shipped model (model/, written by this package's build): model-info.json describes it and matches a fresh
// conversion, the exported descriptor agrees with it, and it runs with a dynamic batch through core's Session.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildDlibResnet, type DlibResnetInfo, sha256 } from '@mtcnn/weights';
import { describe, expect, it } from 'vitest';
import { DLIB_150_TEMPLATE, DLIB_RESNET, DLIB_RESNET_MODEL, DLIB_RESNET_MODEL_URL } from './index.js';
import { embedderSession, gaussian } from './test-support.js';

const modelDir = new URL('../model/', import.meta.url);
const info = JSON.parse(readFileSync(new URL('model-info.json', modelDir), 'utf8')) as DlibResnetInfo;
const bytes = readFileSync(DLIB_RESNET_MODEL_URL);

describe('model/ and model-info.json', () => {
  it('describe the shipped file, and a fresh conversion gives the same bytes and description', () => {
    expect(fileURLToPath(DLIB_RESNET_MODEL_URL)).toBe(fileURLToPath(new URL(info.file, modelDir)));
    expect(DLIB_RESNET_MODEL).toEqual({ portable: DLIB_RESNET_MODEL_URL });
    expect(info.bytes).toBe(bytes.length);
    expect(info.sha256).toBe(sha256(bytes));
    const fresh = buildDlibResnet();
    expect(sha256(fresh.bytes)).toBe(info.sha256);
    expect(fresh.info).toEqual(info);
    expect(info.source.files.map((f) => f.path)).toEqual([
      'model/face_recognition_model-weights_manifest.json',
      'model/face_recognition_model.bin',
    ]);
  });

  it('agree with the exported descriptor: id from the sha256, conventions, template, metric and threshold', () => {
    expect(DLIB_RESNET.id).toBe(`dlib-resnet-v1-${info.sha256.slice(0, 12)}`);
    expect(DLIB_RESNET).toEqual({
      id: DLIB_RESNET.id,
      inputSize: info.inputSize,
      mean: info.mean,
      scale: info.scale,
      channels: info.channels,
      layout: info.layout,
      template: DLIB_150_TEMPLATE,
      embeddingSize: info.embeddingSize,
      metric: info.metric,
      threshold: info.threshold,
      inputName: 'input',
      outputName: 'embedding',
    });
    expect([
      DLIB_RESNET.inputSize,
      DLIB_RESNET.scale,
      DLIB_RESNET.embeddingSize,
      DLIB_RESNET.threshold,
    ]).toEqual([150, 1 / 256, 128, 0.6]);
    expect(DLIB_RESNET.mean).toEqual([122.782, 117.001, 104.298]);
    expect({
      width: info.template.width,
      height: info.template.height,
      landmarks: info.template.landmarks,
    }).toEqual(DLIB_150_TEMPLATE);
    expect(info.inputs).toEqual([{ name: 'input', dtype: 'float32', shape: ['N', 3, 150, 150] }]);
    expect(info.outputs).toEqual([{ name: 'embedding', dtype: 'float32', shape: ['N', 128] }]);
  });

  it('runs through a Session with a dynamic batch: each row as when run alone (≤ 1e-6)', async () => {
    const session = await embedderSession();
    try {
      const normal = gaussian(3);
      const n = 3;
      const size = 3 * 150 * 150;
      const data = Float32Array.from({ length: n * size }, () => 0.25 * normal());
      const batch = await session.run({ input: { data, dims: [n, 3, 150, 150] } });
      expect(batch.embedding!.dims).toEqual([n, 128]);
      for (let b = 0; b < n; b++) {
        const one = await session.run({
          input: { data: data.slice(b * size, (b + 1) * size), dims: [1, 3, 150, 150] },
        });
        expect(one.embedding!.dims).toEqual([1, 128]);
        const row = batch.embedding!.data.subarray(b * 128, (b + 1) * 128);
        // Batching changes only how onnxruntime blocks the work: the same sums, at most a rounding apart.
        const diff = Math.max(...one.embedding!.data.map((v, i) => Math.abs(v - row[i]!)));
        expect(diff).toBeLessThanOrEqual(1e-6);
      }
    } finally {
      await session.dispose();
    }
  });
});
