// The umbrella's ready detector on the real models.

import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Face, isMtcnnError, type MtcnnErrorCode } from '@mtcnn/core';
import { samplePath } from '@mtcnn/fixtures';
import { ONET_MODEL_URL, ONET_NCHWC_MODEL_URL, onet } from '@mtcnn/onet';
import { pnet } from '@mtcnn/pnet';
import { RNET_MODEL_URL, rnet } from '@mtcnn/rnet';
import { describe, expect, it } from 'vitest';
import { createDetector, type MtcnnOptions } from './detector.js';

/** `wasm` needs the onnxruntime-web entry of @mtcnn/backend-onnx; where it is not installed, `wasm` cannot run. */
const WEB_ENTRY = '@mtcnn/backend-onnx/web';
const webEntryInstalled = await import(/* @vite-ignore */ WEB_ENTRY).then(
  () => true,
  () => false,
);

async function expectCode(options: MtcnnOptions, code: MtcnnErrorCode, pattern: RegExp) {
  const error = await createDetector(options).then(
    async (d) => {
      await d.dispose();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(isMtcnnError(error, code), `expected ${code}, got ${String(error)}`).toBe(true);
  expect((error as Error).message).toMatch(pattern);
}

describe('createDetector', () => {
  it('with no options runs all three stages on auto and finds the faces with landmarks', async () => {
    const detector = await createDetector();
    try {
      expect(detector.stages).toEqual(['pnet', 'rnet', 'onet']);
      const faces = await detector.detect(samplePath('sample1.jpg'));
      expect(faces.length).toBe(3);
      expect(faces.every((f) => f.landmarks)).toBe(true);
    } finally {
      await detector.dispose();
    }
  });

  it('stops the cascade where `stages` says, and passes detection options on', async () => {
    const detector = await createDetector({ stages: 'rnet', device: 'cpu', maxFaces: 2 });
    try {
      expect(detector.stages).toEqual(['pnet', 'rnet']);
      const faces = await detector.detect(samplePath('sample1.jpg'));
      expect(faces.length).toBe(2);
      expect(faces.every((f) => f.landmarks === undefined)).toBe(true);
    } finally {
      await detector.dispose();
    }
  });

  it.skipIf(!webEntryInstalled)(
    'runs each stage on its own device: WebAssembly (onnxruntime-web) for P-Net, CPU for the rest',
    async () => {
      const mixed = await createDetector({ device: { pnet: 'wasm', rnet: 'cpu', onet: 'cpu' } });
      const cpu = await createDetector({ device: 'cpu' });
      try {
        const [a, b] = await Promise.all([
          mixed.detect(samplePath('sample1.jpg')),
          cpu.detect(samplePath('sample1.jpg')),
        ]);
        expect(a.length).toBe(b.length);
        a.forEach((face, i) => {
          expect(face.box.x).toBeCloseTo(b[i]!.box.x, 1);
          expect(face.score).toBeCloseTo(b[i]!.score, 3);
        });
      } finally {
        await Promise.all([mixed.dispose(), cpu.dispose()]);
      }
    },
  );

  it('webgpu either starts or says why not with a typed error', async () => {
    const outcome = await createDetector({ device: 'webgpu', stages: 'pnet' }).then(
      async (d) => {
        await d.dispose();
        return 'started';
      },
      (e: unknown) => e,
    );
    if (outcome !== 'started') {
      expect(isMtcnnError(outcome, 'BACKEND_UNAVAILABLE') || isMtcnnError(outcome, 'MODEL_LOAD_FAILED')).toBe(
        true,
      );
    }
  });

  it('refuses unknown devices and stages with INVALID_OPTION', async () => {
    await expectCode(
      { device: 'gpu' as never },
      'INVALID_OPTION',
      /device must be one of cpu, wasm, webgpu, auto/,
    );
    await expectCode({ device: { pnet: 'tpu' as never } }, 'INVALID_OPTION', /device\.pnet/);
    await expectCode({ device: { qnet: 'cpu' } as never }, 'INVALID_OPTION', /unknown stage "qnet"/);
    await expectCode({ stages: 'xnet' as never }, 'INVALID_OPTION', /stages must be one of pnet, rnet, onet/);
    await expectCode(
      { lastStage: 'xnet' as never },
      'INVALID_OPTION',
      /lastStage must be one of pnet, rnet, onet/,
    );
    await expectCode({ stages: 'rnet', lastStage: 'onet' }, 'INVALID_OPTION', /disagree/);
    await expectCode({ stages: [pnet()], lastStage: 'pnet' }, 'INVALID_OPTION', /drop it when giving stages/);
    await expectCode({ stages: [pnet()], device: { pnet: 'cpu' } }, 'INVALID_OPTION', /give one device/);
    await expectCode({ minFaceSize: 4 }, 'INVALID_OPTION', /minFaceSize/);
  });

  it('takes stages as core does: a fourth stage runs on the device given, and lastStage equals the name form', async () => {
    const standard = await createDetector({ device: 'cpu' });
    const fourStages = await createDetector({
      device: 'cpu',
      stages: [pnet(), rnet(), onet(), onet({ name: 'onet2' })],
    });
    const byLast = await createDetector({ device: 'cpu', lastStage: 'rnet' });
    const byName = await createDetector({ device: 'cpu', stages: 'rnet' });
    try {
      expect(fourStages.stages).toEqual(['pnet', 'rnet', 'onet', 'onet2']);
      const image = samplePath('sample2.jpg');
      const [reference, four, last, name] = await Promise.all([
        standard.detect(image),
        fourStages.detect(image),
        byLast.detect(image),
        byName.detect(image),
      ]);
      expect(last).toEqual(name);
      expect(four.length).toBeGreaterThan(0);
      // A second O-Net pass refines the same faces: each one overlaps a standard face (IoU ≥ 0.7, the
      // cascade's own NMS threshold) rather than appearing from nowhere.
      for (const face of four) {
        const best = Math.max(...reference.map((r) => iou(r.box, face.box)));
        expect(best).toBeGreaterThanOrEqual(0.7);
      }
    } finally {
      await Promise.all([standard.dispose(), fourStages.dispose(), byLast.dispose(), byName.dispose()]);
    }
  });
});

function iou(a: Face['box'], b: Face['box']): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  const inter = Math.max(0, w) * Math.max(0, h);
  return inter / (a.width * a.height + b.width * b.height - inter);
}

describe('createDetector({ models })', () => {
  const folder = (files: Record<string, URL>) => {
    const dir = mkdtempSync(join(tmpdir(), 'mtcnn-models-'));
    for (const [name, url] of Object.entries(files)) copyFileSync(fileURLToPath(url), join(dir, name));
    return dir;
  };

  it("takes a stage's model from the folder and keeps the bundled ones for the others", async () => {
    const same = folder({ 'onet.onnx': ONET_MODEL_URL, 'onet.nchwc.onnx': ONET_NCHWC_MODEL_URL });
    // R-Net's network where O-Net's belongs: it takes 24 × 24 crops, not 48 × 48, so a detection that used it
    // must fail; one that ignored the folder would not.
    const wrong = folder({ 'onet.onnx': RNET_MODEL_URL });
    const standard = await createDetector({ device: 'cpu' });
    const fromFolder = await createDetector({ device: 'cpu', models: same });
    const misplaced = await createDetector({ device: 'cpu', models: wrong });
    try {
      const image = samplePath('sample1.jpg');
      expect(await fromFolder.detect(image)).toEqual(await standard.detect(image));
      const error = await misplaced.detect(image).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isMtcnnError(error), String(error)).toBe(true);
    } finally {
      await Promise.all([standard.dispose(), fromFolder.dispose(), misplaced.dispose()]);
      rmSync(same, { recursive: true });
      rmSync(wrong, { recursive: true });
    }
  });

  it('refuses a missing or empty folder, an unknown stage, and models with stages of your own', async () => {
    const empty = folder({});
    try {
      await expectCode({ models: join(empty, 'absent') }, 'INVALID_OPTION', /does not exist/);
      await expectCode({ models: empty }, 'INVALID_OPTION', /holds none of pnet.onnx/);
      await expectCode({ models: { bnet: 'x.onnx' } as never }, 'INVALID_OPTION', /unknown stage "bnet"/);
      await expectCode({ models: empty, stages: [pnet()] }, 'INVALID_OPTION', /give each of your stages/);
    } finally {
      rmSync(empty, { recursive: true });
    }
  });
});
