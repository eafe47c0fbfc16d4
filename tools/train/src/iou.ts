// Overlaps are core's `iou`: continuous areas ((x2 − x1) × (y2 − y1)), so a crop [x1, x2) covers exactly x2 − x1
// pixel columns. (The public recipes add 1 to widths; for faces of 20 px and more that moves an IoU by a few
// hundredths at most, and only near the thresholds.)
import { iou } from '@mtcnn/core/stage-kit';

/** A box as corners [x1, y1, x2, y2]: the half-open pixel rectangle [x1, x2) × [y1, y2). */
export type BoxCorners = readonly [number, number, number, number];

/** The best overlap of a box with a set of boxes: its IoU, and the index of that box (−1 when there is none). */
export interface BestOverlap {
  readonly iou: number;
  readonly index: number;
}

/** The IoU of `box` with each of `boxes`. */
export function iouWithEach(box: BoxCorners, boxes: readonly BoxCorners[]): Float64Array {
  const out = new Float64Array(boxes.length);
  for (let i = 0; i < boxes.length; i++) out[i] = iou(box, boxes[i]!);
  return out;
}

/** The box of `boxes` that `box` overlaps most (the first on ties), and that IoU; IoU 0 and index −1 for none. */
export function bestOverlap(box: BoxCorners, boxes: readonly BoxCorners[]): BestOverlap {
  let best = 0;
  let index = -1;
  for (let i = 0; i < boxes.length; i++) {
    const value = iou(box, boxes[i]!);
    if (value > best) {
      best = value;
      index = i;
    }
  }
  return { iou: best, index };
}
