/**
 * The box arithmetic of facenet-pytorch, which keeps boxes in float32 tensors: every operation rounds to float32
 * (Math.fround after each step; a float32 sum, difference, product or quotient computed in double and rounded
 * once is the float32 result), in the order PyTorch evaluates the expressions. The values stay in Float64Arrays,
 * as every box does between stages; they are float32 values.
 */
const f32 = Math.fround;

/**
 * facenet-pytorch's box regression: after P-Net (`pixelInclusive: false`) regw = x2 - x1 and
 * x1' = x1 + dx1 × regw; after R-Net and O-Net (`bbreg`, `pixelInclusive: true`) w = x2 - x1 + 1.
 */
export function applyBoxRegressionFloat32(
  boxes: Float64Array,
  offsets: Float64Array,
  count: number,
  pixelInclusive: boolean,
): Float64Array {
  const out = new Float64Array(count * 4);
  for (let i = 0; i < count; i++) {
    const b = 4 * i;
    let w = f32(boxes[b + 2]! - boxes[b]!);
    let h = f32(boxes[b + 3]! - boxes[b + 1]!);
    if (pixelInclusive) {
      w = f32(w + 1);
      h = f32(h + 1);
    }
    out[b] = f32(boxes[b]! + f32(offsets[b]! * w));
    out[b + 1] = f32(boxes[b + 1]! + f32(offsets[b + 1]! * h));
    out[b + 2] = f32(boxes[b + 2]! + f32(offsets[b + 2]! * w));
    out[b + 3] = f32(boxes[b + 3]! + f32(offsets[b + 3]! * h));
  }
  return out;
}

/**
 * facenet-pytorch's `rerec`: l = max(w, h), x1' = x1 + w × 0.5 - l × 0.5 (left to right), x2' = x1' + l, in
 * float32 (so x2' - x1' is not always exactly l).
 */
export function squareBoxesFloat32(boxes: Float64Array, count: number): Float64Array {
  const out = new Float64Array(count * 4);
  for (let i = 0; i < count; i++) {
    const b = 4 * i;
    const h = f32(boxes[b + 3]! - boxes[b + 1]!);
    const w = f32(boxes[b + 2]! - boxes[b]!);
    const side = Math.max(w, h);
    const x1 = f32(f32(boxes[b]! + f32(w * 0.5)) - f32(side * 0.5));
    const y1 = f32(f32(boxes[b + 1]! + f32(h * 0.5)) - f32(side * 0.5));
    out[b] = x1;
    out[b + 1] = y1;
    out[b + 2] = f32(x1 + side);
    out[b + 3] = f32(y1 + side);
  }
  return out;
}

/**
 * facenet-pytorch's landmark placement on the cropped box: x = w × px + x1 - 1 with w = x2 - x1 + 1, each step
 * in float32. Returns 2k values per box, interleaved x, y (as decodeLandmarks).
 */
export function decodeLandmarksFloat32(
  boxes: Float64Array,
  points: Float32Array,
  count: number,
  perBox = 5,
): Float64Array {
  const span = 2 * perBox;
  const out = new Float64Array(count * span);
  for (let i = 0; i < count; i++) {
    const b = 4 * i;
    const w = f32(f32(boxes[b + 2]! - boxes[b]!) + 1);
    const h = f32(f32(boxes[b + 3]! - boxes[b + 1]!) + 1);
    for (let k = 0; k < perBox; k++) {
      out[span * i + 2 * k] = f32(f32(f32(w * points[span * i + k]!) + boxes[b]!) - 1);
      out[span * i + 2 * k + 1] = f32(f32(f32(h * points[span * i + perBox + k]!) + boxes[b + 1]!) - 1);
    }
  }
  return out;
}
