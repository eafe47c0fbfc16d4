import type { Backend, Model } from './backend.js';
import type { CandidatePoints, Candidates } from './candidates.js';
import { EMPTY_CANDIDATES, selectCandidates } from './candidates.js';
import { lanesOf, plannedRuns, RUNS_PER_LANE, runConcurrently } from './concurrent-runs.js';
import { MtcnnError } from './errors.js';
import { requireOutput } from './model-output.js';
import { applyBoxRegression } from './ops/bbox-regression.js';
import { clampedCropRegion, cropAndResize, cropAndResizeStreamed } from './ops/crop-resize.js';
import {
  applyBoxRegressionFloat32,
  decodeLandmarksFloat32,
  squareBoxesFloat32,
} from './ops/float32-boxes.js';
import { decodeLandmarks } from './ops/landmarks.js';
import { type NmsMode, nms } from './ops/nms.js';
import { numpyNms } from './ops/numpy-nms.js';
import { squareBoxes } from './ops/square.js';
import { torchvisionNms } from './ops/torchvision-nms.js';
import type { Stage, StageContext } from './stage.js';

/** Model input name shared by the MTCNN models. */
export const MODEL_INPUT = 'input';

/**
 * Most candidates one model run gets; larger sets run in batches of this size. It bounds the memory of one run
 * (O-Net's first activation is 271 KB per crop: gigabytes for the tens of thousands of candidates that low
 * thresholds produce) at no cost in speed, since the crops of one batch are independent.
 */
export const REFINE_BATCH_LIMIT = 512;

/**
 * Fewest input values in a run of its own when a session runs several at once (16 R-Net crops, 4 O-Net crops):
 * below this, the overhead of handing a run to another thread outweighs the balance it brings.
 */
export const MIN_RUN_INPUT_VALUES = 16 * 3 * 24 * 24;

/** Where a refine network's outputs are, by name. */
export interface RefineOutputs {
  /** Face probability, [n, 2] (channel 1 = face). Default 'prob'. */
  readonly prob?: string;
  /** Box regression dx1, dy1, dx2, dy2 relative to the box size, [n, 4]. Default 'reg'. */
  readonly reg?: string;
  /** Points relative to the box, [n, 2 × count]: x1…xk then y1…yk. Absent: the stage gives no points. */
  readonly points?: { readonly name: string; readonly count: number; readonly names?: readonly string[] };
}

/** How a refine stage removes overlapping candidates: on the boxes it cropped, or on the regressed ones. */
export interface RefineNms {
  readonly threshold: number;
  readonly mode: NmsMode;
  readonly on: 'crops' | 'regressed';
}

/** Everything that makes one refine network a stage. */
export interface RefineStageSpec {
  readonly name: string;
  readonly model: Model;
  readonly backend?: Backend;
  /** Face-probability threshold; candidates must score above it. */
  readonly threshold: number;
  /** Crop side in pixels (R-Net 24, O-Net 48). */
  readonly inputSize: number;
  /** Model input name. Default 'input'. */
  readonly input?: string;
  readonly outputs?: RefineOutputs;
  readonly nms: RefineNms;
  /** Make the regressed boxes square (for the next stage's crops). */
  readonly square: boolean;
  /** Most crops in one run. Default {@link REFINE_BATCH_LIMIT}. */
  readonly batchLimit?: number;
}

/** The options a refine stage package offers its users (R-Net and O-Net). */
export interface RefineStageOptions {
  /** The stage's name, unique in its cascade. Default: the network's ('rnet', 'onet'). */
  readonly name?: string;
  /** Face-probability threshold; candidates must score above it. */
  readonly threshold?: number;
  /** Overlap above which a candidate is dropped. */
  readonly nmsThreshold?: number;
  /** Where to load the model from instead of the bundled one. */
  readonly model?: Model;
  /** Run this stage on its own backend. */
  readonly backend?: Backend;
}

/** What the crops of one batch scored: the candidates above the threshold, with their raw outputs. */
export interface ScoredCrops {
  readonly count: number;
  /** The passing candidates' boxes as they came in (the crops' pixels are picked from their truncation). */
  readonly boxes: Float64Array;
  readonly scores: Float64Array;
  readonly offsets: Float64Array;
  /** The point outputs of the passing boxes, 2 × count per box (x1…xk, y1…yk), when asked for. */
  readonly points?: Float32Array;
}

/**
 * How `count` crops split into runs of about equal size: at most `batchLimit` each, at least `minCrops` each
 * where more than one, and at least `parts` runs where there are enough crops.
 */
function splitIntoRuns(count: number, batchLimit: number, parts: number, minCrops: number) {
  const fewest = Math.ceil(count / batchLimit);
  const runs = Math.max(fewest, Math.min(parts, Math.floor(count / minCrops)), 1);
  return Array.from({ length: runs }, (_, k) => {
    const from = Math.round((k * count) / runs);
    return { start: from, count: Math.round(((k + 1) * count) / runs) - from };
  });
}

/**
 * Crops every candidate at `size` × `size` (truncated corners, zero fill, area resampling), runs the crops through
 * the model and keeps the candidates whose face probability exceeds the threshold. With one lane the crops go in
 * batches of at most `batchLimit`; where the session runs several runs at once they go as the runs the stage plans
 * (see runConcurrently), each of at most `batchLimit / RUNS_PER_LANE` crops, so the memory in flight stays what
 * one full batch per lane takes. The boxes stay unrounded: the reference we match (facenet-pytorch) regresses and
 * places landmarks from them.
 */
export async function scoreCrops(
  context: StageContext,
  candidates: Candidates,
  size: number,
  outputs: RefineOutputs & { readonly input?: string } = {},
  batchLimit: number = REFINE_BATCH_LIMIT,
): Promise<ScoredCrops> {
  const { session } = context;
  const probName = outputs.prob ?? 'prob';
  const regName = outputs.reg ?? 'reg';
  const pointCount = outputs.points?.count ?? 0;
  const n = candidates.count;
  const boxes = candidates.boxes;
  const perCrop = 3 * size * size;
  const cropRule = context.options.compat === 'facenet-pytorch' ? 'clamped' : 'reference';
  // The crops from the image's summed-area table, or, for an image too large for one, all made at once in one
  // pass down the image (a few kilobytes each) and handed to the runs.
  const { scratch } = context;
  const sums = scratch.streamed ? undefined : scratch.summedArea();
  const streamed = scratch.streamed
    ? cropAndResizeStreamed(context.image, boxes, n, size, undefined, cropRule)
    : undefined;
  // Each candidate's outputs, by candidate (runs may answer in any order); compacted at the end.
  const probs = new Float64Array(n);
  const allOffsets = new Float32Array(n * 4);
  const allPoints = pointCount > 0 ? new Float32Array(n * 2 * pointCount) : undefined;
  const parts =
    lanesOf(session) > 1
      ? splitIntoRuns(
          n,
          Math.max(1, Math.floor(batchLimit / RUNS_PER_LANE)),
          plannedRuns(session),
          Math.max(1, Math.round(MIN_RUN_INPUT_VALUES / perCrop)),
        )
      : splitIntoRuns(n, batchLimit, 1, 1);
  await runConcurrently(
    context,
    outputs.input ?? MODEL_INPUT,
    parts.map(({ start: first, count: m }) => ({
      dims: [m, 3, size, size],
      fill(input: Float32Array) {
        if (streamed) input.set(streamed.subarray(first * perCrop, (first + m) * perCrop));
        else {
          const part = boxes.subarray(4 * first, 4 * (first + m));
          cropAndResize(context.image, part, m, size, sums, input, cropRule);
        }
      },
      settle(out) {
        const prob = requireOutput(out, probName, [m, 2]).data;
        const reg = requireOutput(out, regName, [m, 4]).data;
        for (let i = 0; i < m; i++) probs[first + i] = prob[2 * i + 1]!;
        allOffsets.set(reg.subarray(0, 4 * m), 4 * first);
        if (allPoints) {
          const span = 2 * pointCount;
          const points = requireOutput(out, outputs.points!.name, [m, span]).data;
          allPoints.set(points.subarray(0, span * m), span * first);
        }
      },
    })),
  );

  const kept = new Int32Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) if (probs[i]! > context.threshold) kept[count++] = i;
  const scores = new Float64Array(count);
  const offsets = new Float64Array(count * 4);
  const span = 2 * pointCount;
  const points = allPoints ? new Float32Array(count * span) : undefined;
  const keptBoxes = new Float64Array(count * 4);
  for (let k = 0; k < count; k++) {
    const i = kept[k]!;
    scores[k] = probs[i]!;
    for (let c = 0; c < 4; c++) offsets[4 * k + c] = allOffsets[4 * i + c]!;
    if (points) points.set(allPoints!.subarray(span * i, span * (i + 1)), span * k);
    keptBoxes.set(boxes.subarray(4 * i, 4 * i + 4), 4 * k);
  }
  return { count, boxes: keptBoxes, scores, offsets, ...(points ? { points } : {}) };
}

function checkSpec(spec: RefineStageSpec): void {
  const bad = (what: string) => {
    throw new MtcnnError('INVALID_OPTION', `refine stage ${JSON.stringify(spec.name)}: ${what}`);
  };
  if (typeof spec.name !== 'string' || spec.name === '') bad('name must be a non-empty string');
  if (!Number.isInteger(spec.inputSize) || spec.inputSize < 1) bad('inputSize must be a positive integer');
  const { threshold, mode, on } = spec.nms;
  if (!(threshold >= 0 && threshold <= 1)) bad(`nms threshold must be in [0, 1], got ${String(threshold)}`);
  if (mode !== 'union' && mode !== 'min') bad(`nms mode must be 'union' or 'min', got ${String(mode)}`);
  if (on !== 'crops' && on !== 'regressed') bad(`nms.on must be 'crops' or 'regressed', got ${String(on)}`);
  const points = spec.outputs?.points;
  if (points) {
    if (!Number.isInteger(points.count) || points.count < 1) bad('points.count must be a positive integer');
    if (points.names && points.names.length !== points.count) bad('points.names must name every point');
  }
}

/** The box arithmetic of a refine stage after its network ran; the two modes differ only in these. */
interface RefineArithmetic {
  decodeLandmarks(boxes: Float64Array, points: Float32Array, count: number, perBox: number): Float64Array;
  applyBoxRegression(
    boxes: Float64Array,
    offsets: Float64Array,
    count: number,
    pixelInclusive: boolean,
  ): Float64Array;
  nms(boxes: Float64Array, scores: Float64Array, threshold: number, mode: NmsMode): number[];
  squareBoxes(boxes: Float64Array, count: number): Float64Array;
}

/** The reference's (the MATLAB code's): float64, NMS with pixel-inclusive areas. */
const REFERENCE_ARITHMETIC: RefineArithmetic = { decodeLandmarks, applyBoxRegression, nms, squareBoxes };

/**
 * facenet-pytorch's `detect_face` (compat 'facenet-pytorch'): points, box regression (`bbreg`) and squaring
 * (`rerec`) in float32, as its tensors are; NMS measured on the union is torchvision's `batched_nms` (areas
 * without the +1; after R-Net), on the smaller box its own numpy `nms_numpy` (with the +1, numpy's argsort
 * order; the final 'Min' after O-Net).
 */
const FACENET_PYTORCH_ARITHMETIC: RefineArithmetic = {
  decodeLandmarks: decodeLandmarksFloat32,
  applyBoxRegression: applyBoxRegressionFloat32,
  nms: (boxes, scores, threshold, mode) =>
    mode === 'min' ? numpyNms(boxes, scores, threshold, 'min') : torchvisionNms(boxes, scores, threshold),
  squareBoxes: squareBoxesFloat32,
};

/**
 * facenet-pytorch's crops are the boxes clamped to the image and resized whole (its `pad`; clampedCropRegion),
 * and a candidate whose clamped crop is empty (a box wholly outside the image) is dropped before the network
 * runs (its `if ey[k] > (y[k] - 1) and ex[k] > (x[k] - 1)`).
 */
function withNonEmptyClampedCrops(input: Candidates, width: number, height: number): Candidates {
  const nonEmpty: number[] = [];
  const box = input.boxes;
  for (let i = 0; i < input.count; i++) {
    const b = 4 * i;
    const crop = clampedCropRegion(box[b]!, box[b + 1]!, box[b + 2]!, box[b + 3]!, width, height);
    if (crop.width > 0 && crop.height > 0) nonEmpty.push(i);
  }
  return nonEmpty.length === input.count ? input : selectCandidates(input, nonEmpty);
}

/**
 * A refine stage: scores a crop of each candidate of the stage before, keeps those above the threshold, places
 * their points (if the network gives any) on the boxes it cropped, applies the box regression (sizes measured
 * pixel-inclusive, as the reference after R-Net and O-Net), removes overlaps by NMS on the cropped or the
 * regressed boxes, and squares the boxes for the next stage if asked.
 */
export function refineStage(spec: RefineStageSpec): Stage {
  checkSpec(spec);
  const { nms: overlap, outputs = {}, inputSize } = spec;
  const pointSpec = outputs.points;
  return {
    name: spec.name,
    kind: 'refine',
    model: spec.model,
    backend: spec.backend,
    threshold: spec.threshold,
    async run(context, input) {
      const compat = context.options.compat === 'facenet-pytorch';
      const math = compat ? FACENET_PYTORCH_ARITHMETIC : REFERENCE_ARITHMETIC;
      const candidates = compat
        ? withNonEmptyClampedCrops(input, context.image.width, context.image.height)
        : input;
      if (candidates.count === 0) return EMPTY_CANDIDATES;
      const scored = await scoreCrops(
        context,
        candidates,
        inputSize,
        { ...outputs, input: spec.input },
        spec.batchLimit,
      );
      // Points are relative to the cropped box, so they are placed before the box moves.
      const points: CandidatePoints | undefined = pointSpec
        ? {
            perBox: pointSpec.count,
            data: math.decodeLandmarks(scored.boxes, scored.points!, scored.count, pointSpec.count),
            ...(pointSpec.names ? { names: pointSpec.names } : {}),
          }
        : undefined;
      const regressed = math.applyBoxRegression(scored.boxes, scored.offsets, scored.count, true);
      const keep = math.nms(
        overlap.on === 'crops' ? scored.boxes : regressed,
        scored.scores,
        overlap.threshold,
        overlap.mode,
      );
      const kept = selectCandidates(
        { count: scored.count, boxes: regressed, scores: scored.scores, ...(points ? { points } : {}) },
        keep,
      );
      return spec.square ? { ...kept, boxes: math.squareBoxes(kept.boxes, kept.count) } : kept;
    },
  };
}
