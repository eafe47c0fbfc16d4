import type { Candidates } from './candidates.js';
import { requireOutput } from './model-output.js';
import { float32Pool } from './ops/buffer-pool.js';
import { cropAndResize } from './ops/crop-resize.js';
import { cachedRowSums } from './ops/row-sums.js';
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
 * Crops every candidate at `size` × `size` (truncated corners, zero fill, area resampling), runs the whole
 * batch through the model once, and keeps the candidates whose face probability exceeds the threshold.
 * The boxes themselves stay unrounded: the reference we match (facenet-pytorch) regresses and places landmarks
 * from them; the original MATLAB code truncated them first, a sub-pixel difference.
 */
export async function scoreCrops(
  context: StageContext,
  candidates: Candidates,
  size: number,
  withLandmarks: boolean,
): Promise<ScoredCrops> {
  const n = candidates.count;
  const boxes = candidates.boxes;
  const sums = cachedRowSums(context.image);
  const input = cropAndResize(context.image, boxes, n, size, sums, float32Pool.acquire(n * 3 * size * size));
  let outputs: Awaited<ReturnType<typeof context.session.run>>;
  try {
    outputs = await context.session.run({ [MODEL_INPUT]: { data: input, dims: [n, 3, size, size] } });
  } finally {
    float32Pool.release(input);
  }
  const prob = requireOutput(outputs, 'prob', [n, 2]).data;
  const reg = requireOutput(outputs, 'reg', [n, 4]).data;
  const marks = withLandmarks ? requireOutput(outputs, 'landmarks', [n, 10]).data : undefined;

  const passing: number[] = [];
  for (let i = 0; i < n; i++) if (prob[2 * i + 1]! > context.threshold) passing.push(i);
  const count = passing.length;
  const out = {
    count,
    boxes: new Float64Array(count * 4),
    scores: new Float64Array(count),
    offsets: new Float64Array(count * 4),
    points: marks ? new Float32Array(count * 10) : undefined,
  };
  passing.forEach((i, k) => {
    out.scores[k] = prob[2 * i + 1]!;
    for (let c = 0; c < 4; c++) {
      out.boxes[4 * k + c] = boxes[4 * i + c]!;
      out.offsets[4 * k + c] = reg[4 * i + c]!;
    }
    if (marks) out.points!.set(marks.subarray(10 * i, 10 * i + 10), 10 * k);
  });
  return out;
}
