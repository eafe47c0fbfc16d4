/**
 * How NMS measures overlap: 'union' is intersection over union; 'min' is intersection over the smaller
 * box's area, which MTCNN uses after O-Net to drop a box nested inside a larger one.
 */
export type NmsMode = 'union' | 'min';

/**
 * Greedy non-maximum suppression, as the reference MTCNN does it: take the highest-scoring box, drop every
 * remaining box that overlaps it by more than `threshold`, repeat. Areas are pixel-inclusive
 * ((x2 - x1 + 1) × (y2 - y1 + 1)), as in the reference.
 *
 * `boxes` holds `count` boxes as x1, y1, x2, y2. Returns the kept indices, highest score first; equal
 * scores keep their input order, so the result is deterministic.
 */
export function nms(
  boxes: Float64Array,
  scores: Float64Array,
  threshold: number,
  mode: NmsMode,
  count: number = scores.length,
): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  order.sort((a, b) => scores[b]! - scores[a]! || a - b);

  const areas = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    areas[i] = (boxes[4 * i + 2]! - boxes[4 * i]! + 1) * (boxes[4 * i + 3]! - boxes[4 * i + 1]! + 1);
  }

  const suppressed = new Uint8Array(count);
  const kept: number[] = [];
  for (let oi = 0; oi < count; oi++) {
    const i = order[oi]!;
    if (suppressed[i]) continue;
    kept.push(i);
    const x1 = boxes[4 * i]!;
    const y1 = boxes[4 * i + 1]!;
    const x2 = boxes[4 * i + 2]!;
    const y2 = boxes[4 * i + 3]!;
    const areaI = areas[i]!;
    for (let oj = oi + 1; oj < count; oj++) {
      const j = order[oj]!;
      if (suppressed[j]) continue;
      const w = Math.max(0, Math.min(x2, boxes[4 * j + 2]!) - Math.max(x1, boxes[4 * j]!) + 1);
      const h = Math.max(0, Math.min(y2, boxes[4 * j + 3]!) - Math.max(y1, boxes[4 * j + 1]!) + 1);
      const inter = w * h;
      const overlap =
        mode === 'min' ? inter / Math.min(areaI, areas[j]!) : inter / (areaI + areas[j]! - inter);
      if (overlap > threshold) suppressed[j] = 1;
    }
  }
  return kept;
}
