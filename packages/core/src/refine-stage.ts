import type { Candidates } from './candidates.js';
import { requireOutput } from './model-output.js';
import { float32Pool } from './ops/buffer-pool.js';
import { cropAndResize } from './ops/crop-resize.js';
import { cachedSummedArea } from './ops/summed-area.js';
import type { StageContext } from './stage.js';

/** Model input name shared by the three MTCNN models. */
export const MODEL_INPUT = 'input';

/** What R-Net and O-Net share: one batch of crops scored, and the candidates that pass the threshold. */
export interface ScoredCrops {
  readonly count: number;
  /** The passing candidates' boxes as they came in (the crops' pixels are picked from their truncation). */
  readonly boxes: Float64Array;
  readonly scores: Float64Array;
  readonly offsets: Float64Array;
  /** O-Net's landmark outputs for the passing boxes, 10 per box (x1…x5, y1…y5), when asked for. */
  readonly points?: Float32Array;
}

/**
 * Most candidates one model call gets; larger sets run in batches of this size. It bounds the memory of one
 * call (O-Net's first activation is 271 KB per crop: 139 MB at 512, gigabytes for the tens of thousands of
 * candidates that low thresholds produce) at no cost in speed: on real R-Net crops of a 1920 × 1080 frame
 * (658) and a 640 × 480 one (365), batches of 64 to 658 measured the same within noise.
 */
export const REFINE_BATCH_LIMIT = 512;

/**
 * Runs per lane when a session runs several at once (`session.concurrency` lanes, which take runs as they come
 * free). Many small runs rather than one per lane: the first starts after a fraction of the cropping, the lanes
 * finish close together, and R-Net is faster per crop in runs of 12 to 16 crops (31 µs on one core) than in
 * runs of 46 (36 µs), whose feature maps no longer fit a core's cache. On the 640 × 480 bench frame, 2, 4, 8 and 12
 * runs per lane took 29.1, 26.1, 25.9 and 25.3 ms.
 */
export const RUNS_PER_LANE = 12;

/**
 * Fewest input values in a run of its own when a session runs several at once: 16 R-Net crops, 4 O-Net crops.
 * Each run costs about 0.05 ms of overhead between the threads; below this the overhead outweighs the balance.
 */
export const MIN_RUN_INPUT_VALUES = 16 * 3 * 24 * 24;

/**
 * How `count` crops split into runs of about equal size: at most `batchLimit` each, at least `minCrops` each
 * where more than one, and at least `parts` runs where there are enough crops.
 */
function splitIntoRuns(
  count: number,
  batchLimit: number,
  parts: number,
  minCrops: number,
): { start: number; count: number }[] {
  const fewest = Math.ceil(count / batchLimit);
  const runs = Math.max(fewest, Math.min(parts, Math.floor(count / minCrops)), 1);
  return Array.from({ length: runs }, (_, k) => {
    const from = Math.round((k * count) / runs);
    return { start: from, count: Math.round(((k + 1) * count) / runs) - from };
  });
}

/**
 * Crops every candidate at `size` × `size` (truncated corners, zero fill, area resampling), runs the crops
 * through the model in batches of at most `batchLimit` (one batch for all but very large candidate sets), and
 * keeps the candidates whose face probability exceeds the threshold. Where the session runs several runs at
 * once (`session.concurrency`), the crops go as RUNS_PER_LANE runs per lane, each started as soon as it is
 * cropped, with as many in flight at most, each of at most `batchLimit / RUNS_PER_LANE` crops: the memory in
 * flight stays what `concurrency` full batches take.
 * The boxes themselves stay unrounded: the reference we match (facenet-pytorch) regresses and places landmarks
 * from them; the original MATLAB code truncated them first, a sub-pixel difference.
 */
export async function scoreCrops(
  context: StageContext,
  candidates: Candidates,
  size: number,
  withLandmarks: boolean,
  batchLimit: number = REFINE_BATCH_LIMIT,
): Promise<ScoredCrops> {
  const { session } = context;
  const lanes = Math.max(1, session.concurrency ?? 1);
  const window = lanes > 1 ? lanes * RUNS_PER_LANE : 1;
  const n = candidates.count;
  const boxes = candidates.boxes;
  const sums = cachedSummedArea(context.image);
  const perCrop = 3 * size * size;
  // Each candidate's outputs, by candidate (runs may answer in any order); compacted at the end.
  const probs = new Float64Array(n);
  const allOffsets = new Float32Array(n * 4);
  const allPoints = withLandmarks ? new Float32Array(n * 10) : undefined;
  const runs =
    lanes > 1
      ? splitIntoRuns(
          n,
          Math.max(1, Math.floor(batchLimit / RUNS_PER_LANE)),
          window,
          Math.max(1, Math.round(MIN_RUN_INPUT_VALUES / perCrop)),
        )
      : splitIntoRuns(n, batchLimit, 1, 1);

  const inFlight = new Set<Promise<void>>();
  const errors: unknown[] = [];
  const start = ({ start: first, count: m }: { start: number; count: number }) => {
    const input = cropAndResize(
      context.image,
      boxes.subarray(4 * first, 4 * (first + m)),
      m,
      size,
      sums,
      float32Pool.acquire(m * perCrop),
    );
    // A session that throws rather than rejecting fails this run the same way.
    const running = (async () => session.run({ [MODEL_INPUT]: { data: input, dims: [m, 3, size, size] } }))();
    const done = running
      .then((outputs) => {
        const prob = requireOutput(outputs, 'prob', [m, 2]).data;
        const reg = requireOutput(outputs, 'reg', [m, 4]).data;
        for (let i = 0; i < m; i++) probs[first + i] = prob[2 * i + 1]!;
        allOffsets.set(reg.subarray(0, 4 * m), 4 * first);
        if (allPoints)
          allPoints.set(requireOutput(outputs, 'landmarks', [m, 10]).data.subarray(0, 10 * m), 10 * first);
      })
      .catch((error: unknown) => {
        errors.push(error);
      })
      .finally(() => {
        float32Pool.release(input);
        inFlight.delete(done);
      });
    inFlight.add(done);
  };
  for (const run of runs) {
    if (errors.length > 0) break;
    // A run's memory is taken only once one in flight has answered: at most `window` at a time.
    while (inFlight.size >= window) await Promise.race(inFlight);
    start(run);
  }
  // Every run settles before this returns or throws: none is left holding its input's memory.
  while (inFlight.size > 0) await Promise.race(inFlight);
  if (errors.length > 0) throw errors[0];

  const kept = new Int32Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) if (probs[i]! > context.threshold) kept[count++] = i;
  const scores = new Float64Array(count);
  const offsets = new Float64Array(count * 4);
  const points = allPoints ? new Float32Array(count * 10) : undefined;
  for (let k = 0; k < count; k++) {
    const i = kept[k]!;
    scores[k] = probs[i]!;
    for (let c = 0; c < 4; c++) offsets[4 * k + c] = allOffsets[4 * i + c]!;
    if (points) points.set(allPoints!.subarray(10 * i, 10 * i + 10), 10 * k);
  }
  const keptBoxes = new Float64Array(count * 4);
  for (let k = 0; k < count; k++) keptBoxes.set(boxes.subarray(4 * kept[k]!, 4 * kept[k]! + 4), 4 * k);
  return {
    count,
    boxes: keptBoxes,
    scores,
    offsets,
    ...(points ? { points } : {}),
  };
}
