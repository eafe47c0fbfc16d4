/**
 * Makes each box square around its centre, with side max(w, h) where w = x2 - x1 and h = y2 - y1
 * (the reference's `rerec`). The next stage's input is square, so its crop must be too.
 */
export function squareBoxes(boxes: Float64Array, count: number): Float64Array {
  const out = new Float64Array(count * 4);
  for (let i = 0; i < count; i++) {
    const b = 4 * i;
    const w = boxes[b + 2]! - boxes[b]!;
    const h = boxes[b + 3]! - boxes[b + 1]!;
    const side = Math.max(w, h);
    const x1 = boxes[b]! + w * 0.5 - side * 0.5;
    const y1 = boxes[b + 1]! + h * 0.5 - side * 0.5;
    out[b] = x1;
    out[b + 1] = y1;
    out[b + 2] = x1 + side;
    out[b + 3] = y1 + side;
  }
  return out;
}
