import { type Backend, type Model, MtcnnError } from '@mtcnn/core';
import {
  applyBoxRegression,
  applyBoxRegressionFloat32,
  type Candidates,
  concatCandidates,
  EMPTY_CANDIDATES,
  lanesOf,
  MODEL_INPUT,
  nms,
  plannedRuns,
  ResampleStream,
  requireOutput,
  resampleImageRows,
  resampleSourceRows,
  runConcurrently,
  type Stage,
  type StageContext,
  type StageRun,
  selectCandidates,
  squareBoxes,
  squareBoxesFloat32,
  type Tensor,
  torchvisionNms,
} from '@mtcnn/core/stage-kit';
import { facenetPyramidScales, facenetScaledSize } from './facenet-pyramid.js';
import { PNET_MODEL } from './model.js';
import { type PnetBand, pnetBands } from './pnet-bands.js';
import { pnetCandidates } from './pnet-candidates.js';
import { PNET_CELL_SIZE, pnetMapSize, pyramidScales } from './pyramid.js';

export { facenetPyramidScales, facenetScaledSize } from './facenet-pyramid.js';
export {
  MAX_BAND_PIXELS,
  MIN_BAND_MAP_ROWS,
  type PnetBand,
  pnetBandInputRows,
  pnetBands,
} from './pnet-bands.js';
export { pnetCandidates } from './pnet-candidates.js';
export { PNET_CELL_SIZE, PNET_STRIDE, pnetMapSize, pyramidScales, scaledSize } from './pyramid.js';

/** The reference's NMS threshold among one scale's candidates. */
export const PNET_NMS_WITHIN_SCALE = 0.5;
/** The reference's NMS threshold among all scales' candidates. */
export const PNET_NMS_ACROSS_SCALES = 0.7;
/** Default face-probability threshold of P-Net. */
export const PNET_THRESHOLD = 0.6;

export interface PNetOptions {
  /** The stage's name, unique in its cascade. Default 'pnet'. */
  readonly name?: string;
  /** Face-probability threshold; a cell with probability ≥ this becomes a candidate. Default 0.6. */
  readonly threshold?: number;
  /** IoU above which a candidate is dropped within one pyramid scale. Default 0.5. */
  readonly nmsThresholdWithinScale?: number;
  /** IoU above which a candidate is dropped across all scales. Default 0.7. */
  readonly nmsThresholdAcrossScales?: number;
  /** Where to load the model from instead of the bundled `model/pnet.onnx`. */
  readonly model?: Model;
  /** Run this stage on its own backend (for example WebGPU while the others run on WASM). */
  readonly backend?: Backend;
}

export { PNET_MODEL, PNET_MODEL_URL, PNET_NCHWC_MODEL_URL } from './model.js';

/**
 * Bytes of P-Net inputs a call may hold at once. Below it (frames, ordinary photos) every band starts at once;
 * above (very large photos) only as many as fit, so that the whole pyramid's input never exists at once.
 */
export const PNET_INPUT_BUDGET_BYTES = 64 * 2 ** 20;

/** How many runs may be in flight: one lane runs one after the other; several take what the budget allows. */
function inFlightLimit(bands: readonly PnetBand[], lanes: number): number {
  if (lanes <= 1) return 1;
  const bytes = bands.map(
    (b) => 3 * b.width * (b.inputRows.to - b.inputRows.from) * Float32Array.BYTES_PER_ELEMENT,
  );
  if (bytes.reduce((sum, b) => sum + b, 0) <= PNET_INPUT_BUDGET_BYTES) return Number.POSITIVE_INFINITY;
  // At least one waiting run per lane beyond those running, so that no lane waits for an input.
  return Math.max(2 * lanes, Math.floor(PNET_INPUT_BUDGET_BYTES / Math.max(...bytes)));
}

/**
 * Each scale's candidates after NMS among them, in scale order, from its bands' candidates in map order: as if
 * the level had run whole. Each scale's NMS is done as soon as its last band is in, while later bands still run.
 */
async function scaleCandidates(
  context: StageContext,
  scales: readonly number[],
  bands: readonly PnetBand[],
  within: number,
): Promise<Candidates[]> {
  const { image, scratch, session, threshold } = context;
  const compat = context.options.compat;
  const scaleOf = bands.map((band) => scales.indexOf(band.scale));
  // An image too large for a whole summed-area table: every band made in one pass down the image.
  const stream = scratch.streamed ? new ResampleStream(image) : undefined;
  const whole = { x: 0, y: 0, width: image.width, height: image.height };
  // Bands still running per scale.
  const waiting = scales.map((_, s) => scaleOf.filter((t) => t === s).length);
  const found = new Array<Candidates>(bands.length);
  const selected = new Array<Candidates>(scales.length);
  const runs = bands.map((band, k): { done: number; run: StageRun } => {
    const { width, height, inputRows, mapRows } = band;
    const mapWidth = pnetMapSize(width);
    const mapHeight = mapRows.to - mapRows.from;
    const dims = [1, 3, inputRows.to - inputRows.from, width];
    const settle = (outputs: Readonly<Record<string, Tensor>>) => {
      const plane = mapWidth * mapHeight;
      const prob = requireOutput(outputs, 'prob', [1, 2, mapHeight, mapWidth]).data;
      const reg = requireOutput(outputs, 'reg', [1, 4, mapHeight, mapWidth]).data;
      const candidates = pnetCandidates(
        prob.subarray(plane, 2 * plane),
        reg,
        mapWidth,
        mapHeight,
        band.scale,
        threshold,
        mapRows.from,
        compat,
      );
      found[k] = candidates;
      const s = scaleOf[k]!;
      if (--waiting[s]! > 0) return;
      const level = concatCandidates(found.filter((_, j) => scaleOf[j] === s));
      selected[s] = selectCandidates(level, suppress(level, within, compat));
    };
    if (!stream) {
      const fill = (input: Float32Array) => {
        // The image's summed-area table is made only as far down as this band reads, so the first band's run
        // starts before the rest is summed.
        const sums = scratch.summedArea(resampleSourceRows(image.height, height, inputRows).to);
        resampleImageRows(image, width, height, inputRows, sums, input);
      };
      return { done: 0, run: { dims, fill, settle } };
    }
    // The stream asks for the band's memory when it writes its first row, and has written all of it by `done`.
    let input: Float32Array | undefined;
    const done = stream.add(whole, width, height, inputRows, () => {
      input = scratch.input(3 * width * (inputRows.to - inputRows.from), session);
      return { out: input, offset: 0 };
    });
    const take = () => {
      stream.advanceTo(done);
      return input!;
    };
    return { done, run: { dims, take, settle } };
  });
  // Streamed, the bands run in the order the pass down the image completes them (any order gives the same
  // candidates: each scale's are gathered in band order).
  if (stream) runs.sort((a, b) => a.done - b.done);
  await runConcurrently(
    context,
    MODEL_INPUT,
    runs.map((r) => r.run),
    inFlightLimit(bands, lanesOf(session)),
  );
  return selected;
}

/**
 * NMS among P-Net's candidates: the reference's (pixel-inclusive areas), or with compat 'facenet-pytorch'
 * torchvision's `batched_nms` (areas without the +1, float32), which facenet-pytorch runs within each scale and
 * across scales.
 */
function suppress(
  candidates: Candidates,
  threshold: number,
  compat: 'facenet-pytorch' | undefined,
): number[] {
  return compat === 'facenet-pytorch'
    ? torchvisionNms(candidates.boxes, candidates.scores, threshold)
    : nms(candidates.boxes, candidates.scores, threshold, 'union');
}

/**
 * P-Net, the proposal network: runs a fully convolutional net over an image pyramid and proposes square
 * candidate boxes, calibrated by its box regression. On its own it finds faces coarsely, without landmarks.
 */
export function pnet(options: PNetOptions = {}): Stage {
  const within = options.nmsThresholdWithinScale ?? PNET_NMS_WITHIN_SCALE;
  const across = options.nmsThresholdAcrossScales ?? PNET_NMS_ACROSS_SCALES;
  return {
    name: options.name ?? 'pnet',
    kind: 'proposal',
    model: options.model ?? PNET_MODEL,
    backend: options.backend,
    threshold: options.threshold ?? PNET_THRESHOLD,
    checkOptions({ minFaceSize }) {
      if (!(minFaceSize >= PNET_CELL_SIZE)) {
        throw new MtcnnError(
          'INVALID_OPTION',
          `minFaceSize must be a number ≥ ${PNET_CELL_SIZE} (P-Net's window), got ${String(minFaceSize)}`,
        );
      }
    },
    async run(context) {
      const { image, options: detect } = context;
      // facenet-pytorch's pyramid: its scales and level sizes (facenet-pyramid.ts), and its box arithmetic in
      // float32 for the regression and the squaring (`rerec`).
      const facenet = detect.compat === 'facenet-pytorch';
      const scales = (facenet ? facenetPyramidScales : pyramidScales)(
        image.width,
        image.height,
        detect.minFaceSize,
        detect.scaleFactor,
      );
      const bands = pnetBands(
        image.width,
        image.height,
        scales,
        plannedRuns(context.session),
        facenet ? facenetScaledSize : undefined,
      );
      const all = concatCandidates(await scaleCandidates(context, scales, bands, within));
      if (all.count === 0) return EMPTY_CANDIDATES;
      const kept = selectCandidates(all, suppress(all, across, detect.compat));
      if (facenet) {
        const calibrated = applyBoxRegressionFloat32(kept.boxes, kept.offsets!, kept.count, false);
        return { count: kept.count, boxes: squareBoxesFloat32(calibrated, kept.count), scores: kept.scores };
      }
      const calibrated = applyBoxRegression(kept.boxes, kept.offsets!, kept.count, false);
      return { count: kept.count, boxes: squareBoxes(calibrated, kept.count), scores: kept.scores };
    },
  };
}
