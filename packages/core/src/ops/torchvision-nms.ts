/**
 * torchvision's `nms` (CPU kernel), which facenet-pytorch runs through `batched_nms` after P-Net (within and across
 * scales) and after R-Net: boxes in descending score order by a stable sort, each kept box suppresses the later
 * ones whose IoU exceeds `threshold`. Unlike the reference MTCNN, areas are (x2 - x1) × (y2 - y1), without the
 * pixel-inclusive +1, and all arithmetic is float32 (the boxes are float32 tensors); the IoU is compared with the
 * threshold in double, as the kernel's float is promoted to the double threshold.
 *
 * facenet-pytorch calls it for one image at a time, so batched_nms's per-image coordinate offsets are zero and
 * change nothing. Returns the kept indices, highest score first; equal scores keep their input order.
 */
export function torchvisionNms(
  boxes: Float64Array,
  scores: Float64Array,
  threshold: number,
  count: number = scores.length,
): number[] {
  const f32 = Math.fround;
  const order = Array.from({ length: count }, (_, i) => i);
  order.sort((a, b) => scores[b]! - scores[a]! || a - b);
  const area = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const b = 4 * i;
    area[i] = f32(f32(boxes[b + 2]! - boxes[b]!) * f32(boxes[b + 3]! - boxes[b + 1]!));
  }
  // Boxes that do not intersect have IoU 0 (or NaN), never above a threshold ≥ 0.
  const skipDisjoint = threshold >= 0;
  const suppressed = new Uint8Array(count);
  const kept: number[] = [];
  for (let k = 0; k < count; k++) {
    const i = order[k]!;
    if (suppressed[i]) continue;
    kept.push(i);
    const bi = 4 * i;
    const ix1 = boxes[bi]!;
    const iy1 = boxes[bi + 1]!;
    const ix2 = boxes[bi + 2]!;
    const iy2 = boxes[bi + 3]!;
    const iarea = area[i]!;
    for (let m = k + 1; m < count; m++) {
      const j = order[m]!;
      if (suppressed[j]) continue;
      const bj = 4 * j;
      const w = Math.max(0, f32(Math.min(ix2, boxes[bj + 2]!) - Math.max(ix1, boxes[bj]!)));
      if (w === 0 && skipDisjoint) continue;
      const h = Math.max(0, f32(Math.min(iy2, boxes[bj + 3]!) - Math.max(iy1, boxes[bj + 1]!)));
      const inter = f32(w * h);
      const overlap = f32(inter / f32(f32(iarea + area[j]!) - inter));
      if (overlap > threshold) suppressed[j] = 1;
    }
  }
  return kept;
}
