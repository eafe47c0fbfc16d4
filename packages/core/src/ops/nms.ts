/**
 * How NMS measures overlap: 'union' is intersection over union; 'min' is intersection over the smaller
 * box's area, which MTCNN uses after O-Net to drop a box nested inside a larger one.
 */
export type NmsMode = 'union' | 'min';

/** Indices below this fit the low bits of a packed sort key (see scoreOrder). */
const INDEX_SPAN = 2 ** 21;
/** Shared views for reading a float32's bits. */
const float32 = new Float32Array(1);
const float32Bits = new Uint32Array(float32.buffer);

/**
 * Indices 0 … count-1, highest score first; equal scores keep their input order. Model probabilities (float32
 * values in [0, 1]) sort as one number each, the score's float32 bits (ordered as the scores are, for
 * non-negative floats) above the index, with the engine's numeric sort: several times faster than a comparator,
 * and without its garbage. Other scores use the comparator.
 */
function scoreOrder(scores: Float64Array, count: number): Int32Array {
  const order = new Int32Array(count);
  let packable = count < INDEX_SPAN;
  for (let i = 0; i < count && packable; i++) {
    const s = scores[i]!;
    packable = s >= 0 && s <= 1 && Math.fround(s) === s;
  }
  if (!packable) {
    for (let i = 0; i < count; i++) order[i] = i;
    return order.sort((a, b) => scores[b]! - scores[a]! || a - b);
  }
  // Ascending keys: lowest score first, and among equals the highest index first; read backwards.
  const keys = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    float32[0] = scores[i]!;
    keys[i] = float32Bits[0]! * INDEX_SPAN + (INDEX_SPAN - 1 - i);
  }
  keys.sort();
  for (let k = 0; k < count; k++) order[k] = INDEX_SPAN - 1 - (keys[count - 1 - k]! % INDEX_SPAN);
  return order;
}

/** Left edges whose whole part is below this in size pack into a sort key (see byLeftEdge). */
const EDGE_SPAN = 2 ** 30;

/**
 * Positions 0 … count-1 ordered by the whole part of their left edge, and those whole parts (ascending): one
 * numeric sort of packed keys where every edge is finite and below EDGE_SPAN in size, else a comparator sort by
 * the edge itself (whose whole parts are then ascending too).
 */
function byLeftEdge(left: Float64Array, count: number): { order: Int32Array; edges: Float64Array } {
  const order = new Int32Array(count);
  const edges = new Float64Array(count);
  let packable = count < INDEX_SPAN;
  for (let k = 0; k < count && packable; k++) packable = Math.abs(left[k]!) < EDGE_SPAN;
  if (packable) {
    const keys = new Float64Array(count);
    for (let k = 0; k < count; k++) keys[k] = (Math.floor(left[k]!) + EDGE_SPAN) * INDEX_SPAN + k;
    keys.sort();
    for (let m = 0; m < count; m++) {
      const key = keys[m]!;
      order[m] = key % INDEX_SPAN;
      edges[m] = Math.floor(key / INDEX_SPAN) - EDGE_SPAN;
    }
  } else {
    for (let k = 0; k < count; k++) order[k] = k;
    order.sort((a, b) => left[a]! - left[b]!);
    for (let m = 0; m < count; m++) edges[m] = Math.floor(left[order[m]!]!);
  }
  return { order, edges };
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

  if (mode === 'union' && threshold > 0 && threshold < 1 && allPositive(left, top, right, bottom, count)) {
    return nmsByLeftWindow(order, left, top, right, bottom, area, threshold, count);
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

/** Whether every box has a positive pixel-inclusive width and height. */
function allPositive(
  left: Float64Array,
  top: Float64Array,
  right: Float64Array,
  bottom: Float64Array,
  count: number,
): boolean {
  for (let k = 0; k < count; k++)
    if (!(right[k]! - left[k]! + 1 > 0 && bottom[k]! - top[k]! + 1 > 0)) return false;
  return true;
}

/** Slack, in pixels, added to each side of the window: far more than any rounding in the bounds. */
const WINDOW_SLACK = 1;

/**
 * The greedy loop for IoU with 0 < threshold < 1, among boxes of positive size, looking at each round only at the
 * boxes whose left edge lies where an IoU above the threshold is possible. With w the intersection's width,
 * W = x2 - x1 + 1 the kept box's width and Wj the other's: IoU > t needs w > t·W and w > t·Wj (the intersection
 * is at most the smaller box's height times w, the union at least the larger box), and w ≤ x2 - left + 1,
 * w ≤ right - x1 + 1, w ≤ W; so the other box's left edge lies in (x1 + W·(t - 1/t), x2 + 1 - t·W). Boxes sorted
 * by left edge, each round reads just that window (widened by WINDOW_SLACK) and computes the overlap exactly as
 * the plain loop does, so it keeps the same boxes in the same order.
 */
function nmsByLeftWindow(
  order: Int32Array,
  left: Float64Array,
  top: Float64Array,
  right: Float64Array,
  bottom: Float64Array,
  area: Float64Array,
  threshold: number,
  count: number,
): number[] {
  // Positions (in score order) by the whole part of their left edge, and those whole parts: a box whose left
  // edge lies in [from, to] has its whole part in [floor(from), to].
  const { order: byLeft, edges } = byLeftEdge(left, count);
  // Kept or dropped.
  const done = new Uint8Array(count);
  const kept: number[] = [];
  for (let k = 0; k < count; k++) {
    if (done[k]) continue;
    done[k] = 1;
    kept.push(order[k]!);
    const x1 = left[k]!;
    const y1 = top[k]!;
    const x2 = right[k]!;
    const y2 = bottom[k]!;
    const areaK = area[k]!;
    const width = x2 - x1 + 1;
    const from = x1 + width * (threshold - 1 / threshold) - WINDOW_SLACK;
    const to = x2 + 1 - threshold * width + WINDOW_SLACK;
    // First edge ≥ from.
    let lo = 0;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edges[mid]! < Math.floor(from)) lo = mid + 1;
      else hi = mid;
    }
    for (let m = lo; m < count && edges[m]! <= to; m++) {
      const j = byLeft[m]!;
      if (done[j]) continue;
      const w = Math.max(0, Math.min(x2, right[j]!) - Math.max(x1, left[j]!) + 1);
      if (w === 0) continue;
      const h = Math.max(0, Math.min(y2, bottom[j]!) - Math.max(y1, top[j]!) + 1);
      const inter = w * h;
      if (inter === 0) continue;
      if (inter / (areaK + area[j]! - inter) > threshold) done[j] = 1;
    }
  }
  return kept;
}
