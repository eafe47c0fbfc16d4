import { type Backend, type Model, type ModelForms, MtcnnError } from '@mtcnn/core';
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
  requireOutput,
  resampleImageRows,
  resampleSourceRows,
  runConcurrently,
  type Stage,
  type StageContext,
  selectCandidates,
  squareBoxes,
  squareBoxesFloat32,
  torchvisionNms,
} from '@mtcnn/core/stage-kit';
import { facenetPyramidScales, facenetScaledSize } from './facenet-pyramid.js';
import { type PnetBand, pnetBands } from './pnet-bands.js';
import { pnetCandidates } from './pnet-candidates.js';
import { PNET_CELL_SIZE, pnetMapSize, pyramidScales } from './pyramid.js';

export { facenetPyramidScales, facenetScaledSize } from './facenet-pyramid.js';
export { MIN_BAND_MAP_ROWS, type PnetBand, pnetBandInputRows, pnetBands } from './pnet-bands.js';
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

/** The bundled model, resolved next to this module (bundlers turn this into an asset URL). */
export const PNET_MODEL_URL = new URL('../model/pnet.onnx', import.meta.url);
/** The nchwc form of the same network (see model-info.json): onnxruntime's x86-64 CPU provider runs it faster. */
export const PNET_NCHWC_MODEL_URL = new URL('../model/pnet.nchwc.onnx', import.meta.url);
/** The bundled model in both forms; each backend loads the one it runs best. */
export const PNET_MODEL: ModelForms = { portable: PNET_MODEL_URL, nchwc: PNET_NCHWC_MODEL_URL };

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
  const { image, scratch, threshold } = context;
  const compat = context.options.compat;
  const scaleOf = bands.map((band) => scales.indexOf(band.scale));
  // Bands still running per scale.
  const waiting = scales.map((_, s) => scaleOf.filter((t) => t === s).length);
  const found = new Array<Candidates>(bands.length);
  const selected = new Array<Candidates>(scales.length);
  await runConcurrently(
    context,
    MODEL_INPUT,
    bands.map((band, k) => {
      const { width, height, inputRows, mapRows } = band;
      const mapWidth = pnetMapSize(width);
      const mapHeight = mapRows.to - mapRows.from;
      return {
        dims: [1, 3, inputRows.to - inputRows.from, width],
        fill(input: Float32Array) {
          // The image's summed-area table is made only as far down as this band reads, so the first band's run
          // starts before the rest is summed.
          const sums = scratch.summedArea(resampleSourceRows(image.height, height, inputRows).to);
          resampleImageRows(image, width, height, inputRows, sums, input);
        },
        settle(outputs) {
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
        },
      };
    }),
    // With several lanes every band starts at once (the pyramid's memory is bounded by the image's); with one,
    // one after the other.
    lanesOf(context.session) > 1 ? Number.POSITIVE_INFINITY : 1,
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
