import type { Candidates } from '@mtcnn/core/stage-kit';
import { PNET_CELL_SIZE, PNET_STRIDE } from './pyramid.js';

/**
 * Turns P-Net's output maps at one pyramid scale into candidate boxes in original-image pixels.
 * Cell (x, y) of the map covers input pixels [2x, 2x + 12); mapped back, as the reference does,
 * x1 = fix((2x + 1) / scale), x2 = fix((2x + 12) / scale). Cells with face probability ≥ `threshold` become
 * candidates, carrying their pending regression offsets. Maps are one image's planes: `faceProb` is
 * mapHeight × mapWidth, `regression` is 4 × mapHeight × mapWidth (dx1, dy1, dx2, dy2). Given `firstRow`, the maps
 * are a band of the level's maps that starts at that row (P-Net run on a horizontal band of the level). Cells are
 * gathered row by row, as facenet-pytorch's `nonzero` does too; `compat` maps them back as facenet-pytorch does.
 */
export function pnetCandidates(
  faceProb: Float32Array,
  regression: Float32Array,
  mapWidth: number,
  mapHeight: number,
  scale: number,
  threshold: number,
  firstRow = 0,
  compat?: 'facenet-pytorch',
): Candidates {
  // facenet-pytorch (`generateBoundingBox`): floor((2x + 1) / scale) with the cell index and the quotient in
  // float32 and the scale rounded to float32, as its float32 tensor divided by a Python float is.
  const mapBack =
    compat === 'facenet-pytorch'
      ? (at: number) => Math.floor(Math.fround(at / Math.fround(scale)))
      : (at: number) => Math.trunc(at / scale);
  const plane = mapWidth * mapHeight;
  let count = 0;
  for (let i = 0; i < plane; i++) if (faceProb[i]! >= threshold) count++;
  const boxes = new Float64Array(count * 4);
  const scores = new Float64Array(count);
  const offsets = new Float64Array(count * 4);
  let k = 0;
  for (let row = 0; row < mapHeight; row++) {
    const y = firstRow + row;
    for (let x = 0; x < mapWidth; x++) {
      const i = row * mapWidth + x;
      const p = faceProb[i]!;
      if (p < threshold) continue;
      boxes[4 * k] = mapBack(PNET_STRIDE * x + 1);
      boxes[4 * k + 1] = mapBack(PNET_STRIDE * y + 1);
      boxes[4 * k + 2] = mapBack(PNET_STRIDE * x + PNET_CELL_SIZE);
      boxes[4 * k + 3] = mapBack(PNET_STRIDE * y + PNET_CELL_SIZE);
      scores[k] = p;
      for (let c = 0; c < 4; c++) offsets[4 * k + c] = regression[c * plane + i]!;
      k++;
    }
  }
  return { count, boxes, scores, offsets };
}
