/**
 * Applies the box regression a stage predicted: each corner moves by its offset times the box size,
 * x1' = x1 + dx1 × w, y1' = y1 + dy1 × h, x2' = x2 + dx2 × w, y2' = y2 + dy2 × h.
 *
 * The reference measures size differently per stage, and so must we to match it: after P-Net
 * w = x2 - x1 (`pixelInclusive: false`); after R-Net and O-Net w = x2 - x1 + 1 (`pixelInclusive: true`).
 */
export function applyBoxRegression(
  boxes: Float64Array,
  offsets: Float64Array,
  count: number,
  pixelInclusive: boolean,
): Float64Array {
  const out = new Float64Array(count * 4);
  const extra = pixelInclusive ? 1 : 0;
  for (let i = 0; i < count; i++) {
    const b = 4 * i;
    const w = boxes[b + 2]! - boxes[b]! + extra;
    const h = boxes[b + 3]! - boxes[b + 1]! + extra;
    out[b] = boxes[b]! + offsets[b]! * w;
    out[b + 1] = boxes[b + 1]! + offsets[b + 1]! * h;
    out[b + 2] = boxes[b + 2]! + offsets[b + 2]! * w;
    out[b + 3] = boxes[b + 3]! + offsets[b + 3]! * h;
  }
  return out;
}
