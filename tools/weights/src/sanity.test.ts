// The models must behave like a face detector on a real photo, so the suite cannot pass on garbage
// weights (parity alone would: both sides read the same file). The landmark check also pins down
// the orientation convention: landmarks land on the eyes, nose and mouth of the natural image.
import { loadGolden } from '@mtcnn/fixtures';
import { describe, expect, it } from 'vitest';
import { batchFromRgb, runOnnx, sampleCrop, session } from './test-support.js';

const faceBox: [number, number, number, number] = [833, 425, 1037, 659];
const backgroundBoxes: [number, number, number, number][] = [
  [1150, 60, 1350, 260],
  [0, 700, 200, 900],
  [1700, 950, 1900, 1150],
];

async function faceProbabilities(
  stage: 'pnet' | 'rnet' | 'onet',
  size: number,
  boxes: [number, number, number, number][],
) {
  const crops = await Promise.all(boxes.map((b) => sampleCrop(b, size)));
  const out = await runOnnx(await session(stage), batchFromRgb(crops, size, size));
  // prob is [N, 2] (or [N, 2, 1, 1] for P-Net on a 12x12 window); channel 1 is "face".
  return { probs: boxes.map((_, i) => out.prob!.data[2 * i + 1]!), out };
}

describe('sanity on sample1.jpg', () => {
  for (const [stage, size, minFace] of [
    ['onet', 48, 0.9],
    ['rnet', 24, 0.9],
    ['pnet', 12, 0.9],
  ] as const) {
    it(`${stage}: face crop scores high, background crops low`, async () => {
      const { probs } = await faceProbabilities(stage, size, [faceBox, ...backgroundBoxes]);
      console.log(
        `${stage} face probability: face ${probs[0]!.toFixed(4)}, background ${probs
          .slice(1)
          .map((p) => p.toFixed(4))
          .join(' ')}`,
      );
      expect(probs[0]).toBeGreaterThan(minFace);
      for (const p of probs.slice(1)) expect(p).toBeLessThan(0.1);
    });
  }

  it('onet: landmarks of the three faces match the reference detections', async () => {
    const golden = loadGolden().results['sample1.jpg']!.faces;
    // Square crops around the reference boxes, as MTCNN itself feeds O-Net.
    const boxes = golden.map(({ box: [x1, y1, x2, y2] }): [number, number, number, number] => {
      const side = Math.round(Math.max(x2 - x1, y2 - y1));
      const left = Math.round((x1 + x2 - side) / 2);
      const top = Math.round((y1 + y2 - side) / 2);
      return [left, top, left + side, top + side];
    });
    const { probs, out } = await faceProbabilities('onet', 48, boxes);
    boxes.forEach(([x1, y1, x2, y2], i) => {
      expect(probs[i]).toBeGreaterThan(0.9);
      const lm = out.landmarks!.data.subarray(10 * i, 10 * i + 10);
      const w = x2 - x1;
      const h = y2 - y1;
      let worst = 0;
      golden[i]!.landmarks.forEach(([gx, gy], k) => {
        // Relative landmark positions: x1..x5 then y1..y5, as fractions of the box.
        const dx = (x1 + lm[k]! * w - gx) / w;
        const dy = (y1 + lm[5 + k]! * h - gy) / h;
        worst = Math.max(worst, Math.abs(dx), Math.abs(dy));
      });
      console.log(`onet landmarks face ${i}: worst error ${(100 * worst).toFixed(1)}% of the box`);
      // The reference ran on its own (square) crops, so only rough agreement is expected; a
      // transposed model would swap x and y and miss by far more.
      expect(worst).toBeLessThan(0.06);
    });
  });
});
