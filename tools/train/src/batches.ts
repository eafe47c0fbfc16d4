// Mini-batches as the recipe mixes them: every batch holds negatives, positives, parts and landmark faces in the
// ratio 3 : 1 : 1 : 2 (kinds a set lacks drop out), drawn from per-kind shuffled queues, with random horizontal
// flips. Everything is drawn from one seeded generator, so an epoch is fixed by the generator's state at its start.
import { PIXEL_MEAN, PIXEL_SCALE } from '@mtcnn/core/stage-kit';
import { Random } from './random.js';
import { SAMPLE_KINDS, type SampleKind, type SampleSet, sampleKind } from './sample-set.js';

export const KIND_RATIO: Record<SampleKind, number> = { negative: 3, positive: 1, part: 1, landmark: 2 };

/** How many of each kind a batch of `batchSize` holds, given which kinds the samples have. */
export function kindQuotas(
  batchSize: number,
  available: Record<SampleKind, number>,
): Record<SampleKind, number> {
  const kinds = SAMPLE_KINDS.filter((k) => available[k] > 0);
  const quotas: Record<SampleKind, number> = { negative: 0, positive: 0, part: 0, landmark: 0 };
  if (kinds.length === 0) return quotas;
  const sum = kinds.reduce((a, k) => a + KIND_RATIO[k], 0);
  for (const k of kinds) quotas[k] = Math.floor((batchSize * KIND_RATIO[k]) / sum);
  // What rounding left over goes to the kind with the largest share present.
  const first = kinds.reduce((a, k) => (KIND_RATIO[k] > KIND_RATIO[a] ? k : a));
  quotas[first] += batchSize - kinds.reduce((a, k) => a + quotas[k], 0);
  return quotas;
}

/** Sample indices by kind. */
export function indicesByKind(set: SampleSet, indices: Iterable<number>): Record<SampleKind, number[]> {
  const out: Record<SampleKind, number[]> = { negative: [], positive: [], part: [], landmark: [] };
  for (const i of indices) out[sampleKind(set.labels[i]!)].push(i);
  return out;
}

/**
 * One epoch's batches of sample indices: ⌊n / batchSize⌋ batches (at least one) of `batchSize` each, the kinds
 * in their quotas, each kind's samples in a fresh shuffled order that starts over when used up.
 */
export function epochBatches(
  byKind: Record<SampleKind, number[]>,
  batchSize: number,
  rng: Random,
): number[][] {
  const available = Object.fromEntries(SAMPLE_KINDS.map((k) => [k, byKind[k].length])) as Record<
    SampleKind,
    number
  >;
  const total = SAMPLE_KINDS.reduce((a, k) => a + available[k], 0);
  if (total === 0) return [];
  const quotas = kindQuotas(batchSize, available);
  const queues = SAMPLE_KINDS.map((k) => ({ kind: k, order: rng.shuffle(byKind[k].slice()), at: 0 }));
  const batches: number[][] = [];
  const count = Math.max(1, Math.floor(total / batchSize));
  for (let b = 0; b < count; b++) {
    const batch: number[] = [];
    for (const q of queues) {
      for (let j = 0; j < quotas[q.kind]; j++) {
        if (q.at === q.order.length) {
          rng.shuffle(q.order);
          q.at = 0;
        }
        batch.push(q.order[q.at++]!);
      }
    }
    batches.push(batch);
  }
  return batches;
}

/** A batch ready for the network: normalised NHWC images and the targets, flips applied. */
export interface Batch {
  size: number;
  count: number;
  /** count × size × size × 3, (x − 127.5) × 0.0078125. */
  images: Float32Array;
  labels: Int8Array;
  boxes: Float32Array;
  landmarks: Float32Array;
}

/** Which landmark each one becomes in a mirror image: the eyes and the mouth corners trade places. */
const MIRRORED_POINT = [1, 0, 2, 4, 3];

/**
 * Gathers samples into a batch. With `flip`, each is mirrored left–right with probability ½ (one draw per
 * sample from `rng`): crop x ↦ w − x, so box offsets (dx1, dy1, dx2, dy2) ↦ (−dx2, dy1, −dx1, dy2) and
 * landmark x ↦ 1 − x, left and right points swapped.
 */
export function makeBatch(set: SampleSet, indices: readonly number[], rng?: Random, flip = true): Batch {
  const { size } = set;
  const n = indices.length;
  const pixels = size * size * 3;
  const images = new Float32Array(n * pixels);
  const labels = new Int8Array(n);
  const boxes = new Float32Array(n * 4);
  const landmarks = new Float32Array(n * 10);
  indices.forEach((s, b) => {
    const mirror = flip && rng !== undefined && rng.next() < 0.5;
    const src = set.images.subarray(s * pixels, (s + 1) * pixels);
    const dst = images.subarray(b * pixels, (b + 1) * pixels);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const from = (y * size + (mirror ? size - 1 - x : x)) * 3;
        const to = (y * size + x) * 3;
        for (let c = 0; c < 3; c++) dst[to + c] = (src[from + c]! - PIXEL_MEAN) * PIXEL_SCALE;
      }
    }
    labels[b] = set.labels[s]!;
    const box = set.boxes.subarray(s * 4, s * 4 + 4);
    const points = set.landmarks.subarray(s * 10, s * 10 + 10);
    if (mirror) {
      boxes.set([-box[2]!, box[1]!, -box[0]!, box[3]!], b * 4);
      for (let k = 0; k < 5; k++) {
        const m = MIRRORED_POINT[k]!;
        landmarks[b * 10 + k] = 1 - points[m]!;
        landmarks[b * 10 + 5 + k] = points[5 + m]!;
      }
    } else {
      boxes.set(box, b * 4);
      landmarks.set(points, b * 10);
    }
  });
  return { size, count: n, images, labels, boxes, landmarks };
}

/** A seeded split: `share` of the samples (at least one when there are 20 or more) held back for validation. */
export function holdOut(
  count: number,
  share: number,
  seed: number,
): { train: number[]; validation: number[] } {
  const order = new Random(seed).shuffle(Array.from({ length: count }, (_, i) => i));
  const k = count >= 20 ? Math.max(1, Math.round(count * share)) : 0;
  const validation = order.slice(0, k).sort((a, b) => a - b);
  const train = order.slice(k).sort((a, b) => a - b);
  return { train, validation };
}
