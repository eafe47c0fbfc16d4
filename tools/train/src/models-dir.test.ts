import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backendForDevice } from '@mtcnn/backend-onnx/node';
import { createDetector } from '@mtcnn/core/node';
import { samplePath } from '@mtcnn/fixtures';
import { ONET_MODEL } from '@mtcnn/onet';
import { PNET_MODEL_URL, PNET_NCHWC_MODEL_URL } from '@mtcnn/pnet';
import { RNET_MODEL_URL } from '@mtcnn/rnet';
import { afterAll, describe, expect, it } from 'vitest';
import { cascadeFromModels, isTrainedIn, modelFromDir } from './models-dir.js';

const dir = mkdtempSync(join(tmpdir(), 'mtcnn-models-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cascadeFromModels', () => {
  // A model folder as export writes it: P-Net in both forms, R-Net portable only, no O-Net.
  copyFileSync(fileURLToPath(PNET_MODEL_URL), join(dir, 'pnet.onnx'));
  copyFileSync(fileURLToPath(PNET_NCHWC_MODEL_URL), join(dir, 'pnet.nchwc.onnx'));
  copyFileSync(fileURLToPath(RNET_MODEL_URL), join(dir, 'rnet.onnx'));

  it('takes each stage the folder has, in the forms it has, and the released model for the others', () => {
    const [p, r, o] = cascadeFromModels(dir);
    expect(p.model).toEqual({ portable: join(dir, 'pnet.onnx'), nchwc: join(dir, 'pnet.nchwc.onnx') });
    expect(r.model).toEqual({ portable: join(dir, 'rnet.onnx') });
    expect(o.model).toBe(ONET_MODEL);
    expect([p.name, r.name, o.name]).toEqual(['pnet', 'rnet', 'onet']);
    expect(isTrainedIn(dir, 'onet')).toBe(false);
    expect(modelFromDir(undefined, 'pnet')).toBeUndefined();
    expect(cascadeFromModels()[0].model).toEqual(cascadeFromModels(join(dir, 'absent'))[0].model);
  });

  it('runs: the folder’s files (here copies of the released ones) give the released cascade’s faces', async () => {
    const backend = backendForDevice('cpu');
    const fromDir = await createDetector({ stages: cascadeFromModels(dir), backend });
    const released = await createDetector({ stages: cascadeFromModels(), backend });
    try {
      const faces = await fromDir.detect(samplePath('sample1.jpg'));
      const reference = await released.detect(samplePath('sample1.jpg'));
      expect(faces).toHaveLength(3);
      // The released cascade runs R-Net's nchwc form, the folder only its portable one: onnxruntime's two kernels
      // sum in different orders, so the faces agree to float32 rounding (measured: 2e-6 px), not bit for bit.
      faces.forEach((face, i) => {
        const other = reference[i]!;
        expect(face.score).toBeCloseTo(other.score, 5);
        for (const key of ['x', 'y', 'width', 'height'] as const) {
          expect(face.box[key]).toBeCloseTo(other.box[key], 3);
        }
      });
    } finally {
      await Promise.all([fromDir.dispose(), released.dispose()]);
    }
  });
});
