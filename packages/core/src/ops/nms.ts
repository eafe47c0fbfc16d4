/**
 * How NMS measures overlap: 'union' is intersection over union; 'min' is intersection over the smaller
 * box's area, which MTCNN uses after O-Net to drop a box nested inside a larger one.
 */
export type NmsMode = 'union' | 'min';

/** Indices 0 … count-1, highest score first; equal scores keep their input order. */
function scoreOrder(scores: Float64Array, count: number): Int32Array {
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  return order.sort((a, b) => scores[b]! - scores[a]! || a - b);
}

/**
 * Greedy non-maximum suppression, as the reference MTCNN does it: take the highest-scoring box, drop every
 * remaining box that overlaps it by more than `threshold`, repeat. Areas are pixel-inclusive
 * ((x2 - x1 + 1) × (y2 - y1 + 1)), as in the reference.
 *
 * `boxes` holds `count` boxes as x1, y1, x2, y2. Returns the kept indices, highest score first; equal
 * scores keep their input order, so the result is deterministic.
 *
 * The boxes are copied in score order into one array per corner, and the boxes still in the running are kept
 * compacted, so each round scans only live boxes, front to back; a box disjoint along x is passed over
 * before its y extent is read. The arithmetic is that of the plain loop, so the result is the same.
 */
export function nms(
  boxes: Float64Array,
  scores: Float64Array,
  threshold: number,
  mode: NmsMode,
  count: number = scores.length,
): number[] {
  const order = scoreOrder(scores, count);
  const left = new Float64Array(count);
  const top = new Float64Array(count);
  const right = new Float64Array(count);
  const bottom = new Float64Array(count);
  const area = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const b = 4 * order[k]!;
    left[k] = boxes[b]!;
    top[k] = boxes[b + 1]!;
    right[k] = boxes[b + 2]!;
    bottom[k] = boxes[b + 3]!;
    area[k] = (boxes[b + 2]! - boxes[b]! + 1) * (boxes[b + 3]! - boxes[b + 1]! + 1);
  }

  // Positions (in score order) of the boxes not yet kept or dropped.
  const live = new Int32Array(count);
  for (let k = 0; k < count; k++) live[k] = k;
  let liveCount = count;
  const byMin = mode === 'min';
  // With a threshold ≥ 0, a box that does not intersect (zero width or height) can never be dropped.
  const skipDisjoint = threshold >= 0;
  const kept: number[] = [];
  while (liveCount > 0) {
    const k = live[0]!;
    kept.push(order[k]!);
    const x1 = left[k]!;
    const y1 = top[k]!;
    const x2 = right[k]!;
    const y2 = bottom[k]!;
    const areaK = area[k]!;
    let next = 0;
    for (let m = 1; m < liveCount; m++) {
      const j = live[m]!;
      const w = Math.max(0, Math.min(x2, right[j]!) - Math.max(x1, left[j]!) + 1);
      if (w === 0 && skipDisjoint) {
        live[next++] = j;
        continue;
      }
      const h = Math.max(0, Math.min(y2, bottom[j]!) - Math.max(y1, top[j]!) + 1);
      const inter = w * h;
      if (inter === 0 && skipDisjoint) {
        live[next++] = j;
        continue;
      }
      const overlap = byMin ? inter / Math.min(areaK, area[j]!) : inter / (areaK + area[j]! - inter);
      if (!(overlap > threshold)) live[next++] = j;
    }
    liveCount = next;
  }
  return kept;
}
