// The converted ONNX models (onnxruntime-node, CPU, natural NCHW input) against the ORIGINAL TFLite
// graphs run by our reference interpreter on the transposed input facenet uses. Every case runs on the
// portable model and on each tuned form (nchwc-form.ts), with the same tolerance.
import { afterAll, describe, expect, it } from 'vitest';
import { modelForms } from './build.js';
import type { Stage } from './source.js';
import {
  type Batch,
  batchFromRgb,
  maxAbsDiff,
  randomBatch,
  runOnnx,
  runReference,
  sampleCrop,
  sampleWhole,
  session,
} from './test-support.js';

const TOLERANCE = 1e-4;
/** Worst difference seen per stage and output, printed at the end. */
const worst = new Map<string, number>();

async function expectParity(stage: Stage, label: string, batch: Batch) {
  const ref = runReference(stage, batch);
  for (const form of ['portable', ...modelForms] as const) {
    const ours = await runOnnx(await session(stage, form), batch);
    expect(Object.keys(ours).sort()).toEqual(Object.keys(ref).sort());
    const diffs: string[] = [];
    for (const [name, out] of Object.entries(ours)) {
      const d = maxAbsDiff(out, ref[name]!);
      diffs.push(`${name}=${d.toExponential(2)}`);
      const key = `${stage}.${form}.${name}`;
      worst.set(key, Math.max(worst.get(key) ?? 0, d));
      expect(d, `${stage} ${form} ${label} ${name}`).toBeLessThanOrEqual(TOLERANCE);
    }
    console.log(
      `parity ${stage} ${form} ${label} [${batch.n}x3x${batch.h}x${batch.w}]: max |diff| ${diffs.join(' ')}`,
    );
  }
}

// Golden face boxes of sample1.jpg, and a few background regions (wall, dark window, floor).
const faces: [number, number, number, number][] = [
  [833, 425, 1037, 659],
  [1478, 212, 1682, 443],
  [411, 354, 599, 602],
];
const backgrounds: [number, number, number, number][] = [
  [1150, 60, 1350, 260],
  [0, 700, 200, 900],
  [1700, 950, 1900, 1150],
];

describe('ONNX vs TFLite reference interpreter', () => {
  afterAll(() => {
    const lines = [...worst].map(([k, v]) => `  ${k}: ${v.toExponential(3)}`);
    console.log(`max |onnx - tflite| per output over all cases:\n${lines.join('\n')}`);
  });

  describe('pnet', () => {
    const sizes: [number, number, number][] = [
      [1, 12, 12],
      [2, 25, 31],
      [1, 64, 47],
      [1, 101, 80],
    ];
    for (const [n, h, w] of sizes) {
      it(`random ${n}x${h}x${w}`, async () => {
        await expectParity('pnet', 'random', randomBatch(h * 1000 + w, n, h, w));
      });
    }
    it('random, every size parity from 12x27 to 27x12', async () => {
      for (let h = 12; h <= 27; h++) await expectParity('pnet', 'random', randomBatch(h, 1, h, 39 - h));
    });
    for (const width of [96, 131]) {
      it(`sample1 downscaled to width ${width}`, async () => {
        const img = await sampleWhole(width);
        await expectParity('pnet', `sample1@${width}`, batchFromRgb([img.rgb], img.h, img.w));
      });
    }
  });

  for (const [stage, size] of [
    ['rnet', 24],
    ['onet', 48],
  ] as const) {
    describe(stage, () => {
      it('random batch of 1', async () => {
        await expectParity(stage, 'random', randomBatch(size, 1, size, size));
      });
      it('random batch of 4', async () => {
        await expectParity(stage, 'random', randomBatch(size + 1, 4, size, size));
      });
      it('sample1 face and background crops', async () => {
        const crops = await Promise.all([...faces, ...backgrounds].map((b) => sampleCrop(b, size)));
        await expectParity(stage, 'sample1 crops', batchFromRgb(crops, size, size));
      });
    });
  }
});
