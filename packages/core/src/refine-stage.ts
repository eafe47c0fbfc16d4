import { allRuns } from './all-runs.js';
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
 * Fewest crops worth a run of their own when a session runs several at once: starting a run costs about
 * 0.1 ms, and R-Net takes about 20 µs per crop on one core.
 */
export const MIN_CROPS_PER_RUN = 8;

/**
 * How `count` crops split into runs of about equal size: at most `batchLimit` each, at least
 * MIN_CROPS_PER_RUN each where more than one, and at least `concurrency` runs where there are enough crops.
 */
function splitIntoRuns(
  count: number,
  batchLimit: number,
  concurrency: number,
): { start: number; count: number }[] {
  const fewest = Math.ceil(count / batchLimit);
  const runs = Math.max(fewest, Math.min(concurrency, Math.floor(count / MIN_CROPS_PER_RUN)), 1);
  return Array.from({ length: runs }, (_, k) => {
    const from = Math.round((k * count) / runs);
    return { start: from, count: Math.round(((k + 1) * count) / runs) - from };
  });
}

/**
 * Crops every candidate at `size` × `size` (truncated corners, zero fill, area resampling), runs the crops
 * through the model in batches of at most `batchLimit` (one batch for all but very large candidate sets), and
 * keeps the candidates whose face probability exceeds the threshold. Where the session runs several runs at
 * once (`session.concurrency`), the crops go as at least that many batches, each started as soon as it is
 * cropped, that many at a time.
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
  const concurrency = Math.max(1, session.concurrency ?? 1);
  const n = candidates.count;
  const boxes = candidates.boxes;
  const sums = cachedSummedArea(context.image);
  const perCrop = 3 * size * size;
  // Room for every candidate passing; trimmed at the end.
  const kept = new Int32Array(n);
  const scores = new Float64Array(n);
  const offsets = new Float64Array(n * 4);
  const points = withLandmarks ? new Float32Array(n * 10) : undefined;
  let count = 0;
  const runs = splitIntoRuns(n, batchLimit, concurrency);
  // `concurrency` runs at a time: memory for that many batches at most.
  for (let wave = 0; wave < runs.length; wave += concurrency) {
    const inWave = runs.slice(wave, wave + concurrency);
    const results = await allRuns(
      inWave.map(({ start, count: m }) => {
        const input = cropAndResize(
          context.image,
          boxes.subarray(4 * start, 4 * (start + m)),
          m,
          size,
          sums,
          float32Pool.acquire(m * perCrop),
        );
        const run = session.run({ [MODEL_INPUT]: { data: input, dims: [m, 3, size, size] } });
        return run.finally(() => float32Pool.release(input));
      }),
    );
    inWave.forEach(({ start, count: m }, r) => {
      const outputs = results[r]!;
      const prob = requireOutput(outputs, 'prob', [m, 2]).data;
      const reg = requireOutput(outputs, 'reg', [m, 4]).data;
      const marks = points ? requireOutput(outputs, 'landmarks', [m, 10]).data : undefined;
      for (let i = 0; i < m; i++) {
        const p = prob[2 * i + 1]!;
        if (!(p > context.threshold)) continue;
        kept[count] = start + i;
        scores[count] = p;
        for (let c = 0; c < 4; c++) offsets[4 * count + c] = reg[4 * i + c]!;
        if (marks) points!.set(marks.subarray(10 * i, 10 * i + 10), 10 * count);
        count++;
      }
    });
  }
  const keptBoxes = new Float64Array(count * 4);
  for (let k = 0; k < count; k++) keptBoxes.set(boxes.subarray(4 * kept[k]!, 4 * kept[k]! + 4), 4 * k);
  return {
    count,
    boxes: keptBoxes,
    scores: scores.slice(0, count),
    offsets: offsets.slice(0, count * 4),
    ...(points ? { points: points.slice(0, count * 10) } : {}),
  };
}
