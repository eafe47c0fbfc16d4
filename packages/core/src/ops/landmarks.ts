/**
 * Maps a stage's point outputs (x1…xk then y1…yk per box, relative to the box) to image pixels, as the reference
 * does for O-Net's five landmarks: x = w × px + x1 - 1 with w = x2 - x1 + 1 (the same for y). Returns 2k values per
 * box, interleaved x, y.
 */
export function decodeLandmarks(
  boxes: Float64Array,
  points: Float32Array,
  count: number,
  perBox = 5,
): Float64Array {
  const span = 2 * perBox;
  const out = new Float64Array(count * span);
  for (let i = 0; i < count; i++) {
    const b = 4 * i;
    const w = boxes[b + 2]! - boxes[b]! + 1;
    const h = boxes[b + 3]! - boxes[b + 1]! + 1;
    for (let k = 0; k < perBox; k++) {
      out[span * i + 2 * k] = w * points[span * i + k]! + boxes[b]! - 1;
      out[span * i + 2 * k + 1] = h * points[span * i + perBox + k]! + boxes[b + 1]! - 1;
    }
  }
  return out;
}
