/** A box as corners [x1, y1, x2, y2]: the half-open pixel rectangle [x1, x2) × [y1, y2). */
export type BoxCorners = readonly [number, number, number, number];

/** The best overlap of a box with a set of boxes: its IoU, and the index of that box (−1 when there is none). */
export interface BestOverlap {
  readonly iou: number;
  readonly index: number;
}

/**
 * IoU of two boxes with continuous areas ((x2 − x1) × (y2 − y1)), as core's `iou`: a crop [x1, x2) covers
 * exactly x2 − x1 pixel columns. (The public recipes add 1 to widths; for faces of 20 px and more that moves an
 * IoU by a few hundredths at most, and only near the thresholds.)
 */
export function boxIou(a: BoxCorners, b: BoxCorners): number {
  const ix = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const iy = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (ix <= 0 || iy <= 0) return 0;
  const inter = ix * iy;
  const union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
  return union > 0 ? inter / union : 0;
}

/** The IoU of `box` with each of `boxes`. */
export function iouWithEach(box: BoxCorners, boxes: readonly BoxCorners[]): Float64Array {
  const out = new Float64Array(boxes.length);
  for (let i = 0; i < boxes.length; i++) out[i] = boxIou(box, boxes[i]!);
  return out;
}

/** The box of `boxes` that `box` overlaps most (the first on ties), and that IoU; IoU 0 and index −1 for none. */
export function bestOverlap(box: BoxCorners, boxes: readonly BoxCorners[]): BestOverlap {
  let best = 0;
  let index = -1;
  for (let i = 0; i < boxes.length; i++) {
    const value = boxIou(box, boxes[i]!);
    if (value > best) {
      best = value;
      index = i;
    }
  }
  return { iou: best, index };
}
