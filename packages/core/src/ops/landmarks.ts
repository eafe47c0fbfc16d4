/**
 * Maps O-Net's landmark outputs (x1…x5 then y1…y5, relative to the box) to image pixels, as the reference:
 * x = w × px + x1 - 1 with w = x2 - x1 + 1 (the same for y). Returns 10 values per box, interleaved x, y.
 */
export function decodeLandmarks(boxes: Float64Array, points: Float32Array, count: number): Float64Array {
  const out = new Float64Array(count * 10);
  for (let i = 0; i < count; i++) {
    const b = 4 * i;
    const w = boxes[b + 2]! - boxes[b]! + 1;
    const h = boxes[b + 3]! - boxes[b + 1]! + 1;
    for (let k = 0; k < 5; k++) {
      out[10 * i + 2 * k] = w * points[10 * i + k]! + boxes[b]! - 1;
      out[10 * i + 2 * k + 1] = h * points[10 * i + 5 + k]! + boxes[b + 1]! - 1;
    }
  }
  return out;
}
