// Any embedder goes through the same API: a dlib-shaped one (150 px crops on a template of its own, a mean per
// channel, scale 1/256, 128 values, Euclidean distance with 0.6) built as a small real ONNX model (each channel's
// mean over the crop, times a fixed 3 × 128 matrix) and run by onnxruntime: the recognizer must align with its
// template, normalise with its numbers, in its channel order, and decide on its metric.
import { onnxNodeBackend } from '@mtcnn/backend-onnx/node';
import {
  type AlignmentTemplate,
  alignFace,
  createDetector,
  type Embedder,
  type Face,
  isMtcnnError,
  type RgbImage,
  readImage,
} from '@mtcnn/core/node';
import { samplePath } from '@mtcnn/fixtures';
import { MOBILEFACENET } from '@mtcnn/mobilefacenet';
import { onet } from '@mtcnn/onet';
import { pnet } from '@mtcnn/pnet';
import { rnet } from '@mtcnn/rnet';
import { encodeModel } from '@mtcnn/weights';
import { beforeAll, describe, expect, it } from 'vitest';
import { FaceGallery } from './gallery.js';
import { createRecognizer } from './node/index.js';

const SIZE = 150;
const DIM = 128;
/** A five-point template of its own for 150 px crops (not ArcFace's, scaled). */
const TEMPLATE: AlignmentTemplate = {
  width: SIZE,
  height: SIZE,
  landmarks: {
    leftEye: { x: 52, y: 62 },
    rightEye: { x: 98, y: 62 },
    nose: { x: 75, y: 90 },
    mouthLeft: { x: 56, y: 116 },
    mouthRight: { x: 94, y: 116 },
  },
};
const MEAN = [122.782, 117.001, 104.298] as const;
const weights = Float32Array.from({ length: 3 * DIM }, (_, i) => Math.cos(i * 0.37 + 1));

function model(): Uint8Array {
  return encodeModel(
    {
      name: 'channel-means',
      docString: 'each input channel averaged, times a 3 x 128 matrix',
      inputs: [{ name: 'data', shape: ['N', 3, SIZE, SIZE] }],
      outputs: [{ name: 'descriptor', shape: ['N', DIM] }],
      nodes: [
        {
          opType: 'ReduceMean',
          name: 'mean',
          inputs: ['data'],
          outputs: ['m'],
          attributes: { axes: [2, 3], keepdims: 0 },
        },
        { opType: 'MatMul', name: 'project', inputs: ['m', 'w'], outputs: ['descriptor'] },
      ],
      initializers: [{ name: 'w', dims: [3, DIM], data: weights }],
    },
    'test',
  );
}

function dlibShaped(channels: 'rgb' | 'bgr'): Embedder {
  return {
    id: `test-dlib-shaped-${channels}`,
    inputSize: SIZE,
    mean: MEAN,
    scale: 1 / 256,
    channels,
    layout: 'nchw',
    template: TEMPLATE,
    embeddingSize: DIM,
    metric: 'euclidean',
    threshold: 0.6,
    inputName: 'data',
    outputName: 'descriptor',
    model: model(),
  };
}

/** What the model should give for `crop`, computed here in float64. */
function expected(crop: RgbImage, channels: 'rgb' | 'bgr'): Float64Array {
  const order = channels === 'rgb' ? [0, 1, 2] : [2, 1, 0];
  const means = order.map((c) => {
    let sum = 0;
    for (let i = 0; i < SIZE * SIZE; i++) sum += (crop.data[3 * i + c]! - MEAN[c]!) / 256;
    return sum / (SIZE * SIZE);
  });
  const out = new Float64Array(DIM);
  for (let j = 0; j < DIM; j++) for (let k = 0; k < 3; k++) out[j]! += means[k]! * weights[k * DIM + j]!;
  const norm = Math.hypot(...out);
  return out.map((v) => v / norm);
}

const backend = onnxNodeBackend({ workerThreads: 0 });
let image: RgbImage;
let faces: Face[];

beforeAll(async () => {
  const detector = await createDetector({ backend, stages: [pnet(), rnet(), onet()] });
  image = await readImage(samplePath('sample3.jpg'));
  faces = await detector.detect(image);
  await detector.dispose();
});

describe('a dlib-shaped embedder through the same API', () => {
  for (const channels of ['rgb', 'bgr'] as const) {
    it(`aligns to its template, normalises with its means and scale in ${channels} order`, async () => {
      const recognizer = await createRecognizer({ embedder: dlibShaped(channels), backend });
      try {
        const embedded = await recognizer.embedFaces(image, faces);
        expect(recognizer.embedder.metric).toBe('euclidean');
        for (const [i, { embedding }] of embedded.entries()) {
          expect(embedding).toHaveLength(DIM);
          const want = expected(alignFace(image, faces[i]!, TEMPLATE).image, channels);
          expect(Math.max(...embedding.map((v, j) => Math.abs(v - want[j]!)))).toBeLessThanOrEqual(1e-5);
        }
      } finally {
        await recognizer.dispose();
      }
    });
  }

  it('decides on distance ≤ 0.6, and its galleries refuse MobileFaceNet ones', async () => {
    const embedder = dlibShaped('rgb');
    const recognizer = await createRecognizer({ embedder, backend });
    try {
      const [a, b] = (await recognizer.embedFaces(image, faces)).map((e) => e.embedding);
      const v = recognizer.verify(a!, a!);
      expect(v).toMatchObject({ same: true, metric: 'euclidean', threshold: 0.6 });
      expect(v.distance).toBeCloseTo(0, 6);
      const ab = recognizer.verify(a!, b!);
      expect(ab.same).toBe(ab.distance <= 0.6);
      const gallery = new FaceGallery(recognizer.embedder);
      gallery.enroll('a', a!);
      expect(gallery.match(a!)).toMatchObject({ label: 'a', metric: 'euclidean', threshold: 0.6 });
      const other = new FaceGallery(MOBILEFACENET);
      other.enroll('x', new Float32Array(192).fill(1));
      let error: unknown;
      try {
        FaceGallery.fromJSON(JSON.stringify(other), recognizer.embedder);
      } catch (e) {
        error = e;
      }
      expect(isMtcnnError(error, 'GALLERY_MISMATCH')).toBe(true);
    } finally {
      await recognizer.dispose();
    }
  });
});
