import {
  allRuns,
  applyBoxRegression,
  type Backend,
  type Candidates,
  cachedSummedArea,
  concatCandidates,
  EMPTY_CANDIDATES,
  float32Pool,
  MODEL_INPUT,
  type Model,
  type ModelForms,
  nms,
  type PnetBand,
  pnetBands,
  pnetCandidates,
  pnetMapSize,
  pyramidScales,
  requireOutput,
  resampleImageRows,
  resampleSourceRows,
  type Stage,
  type StageContext,
  selectCandidates,
  squareBoxes,
} from '@mtcnn/core';

/** The reference's NMS threshold among one scale's candidates. */
export const PNET_NMS_WITHIN_SCALE = 0.5;
/** The reference's NMS threshold among all scales' candidates. */
export const PNET_NMS_ACROSS_SCALES = 0.7;
/** Default face-probability threshold of P-Net. */
export const PNET_THRESHOLD = 0.6;

export interface PNetOptions {
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

/** One band's candidates, from its share of the level's maps. */
async function bandCandidates(context: StageContext, band: PnetBand): Promise<Candidates> {
  const { image, session, threshold } = context;
  const { width, height, inputRows, mapRows } = band;
  const rows = inputRows.to - inputRows.from;
  const mapWidth = pnetMapSize(width);
  const mapHeight = mapRows.to - mapRows.from;
  // The image's summed-area table is shared by every scale, and made only as far down as this band reads (the
  // first band's run starts before the rest is made); the input's memory is lent for this run only.
  const sums = cachedSummedArea(image, resampleSourceRows(image.height, height, inputRows).to);
  const input = resampleImageRows(
    image,
    width,
    height,
    inputRows,
    sums,
    float32Pool.acquire(3 * width * rows),
  );
  let outputs: Awaited<ReturnType<typeof session.run>>;
  try {
    outputs = await session.run({ [MODEL_INPUT]: { data: input, dims: [1, 3, rows, width] } });
  } finally {
    float32Pool.release(input);
  }
  const plane = mapWidth * mapHeight;
  const prob = requireOutput(outputs, 'prob', [1, 2, mapHeight, mapWidth]).data;
  const reg = requireOutput(outputs, 'reg', [1, 4, mapHeight, mapWidth]).data;
  return pnetCandidates(
    prob.subarray(plane, 2 * plane),
    reg,
    mapWidth,
    mapHeight,
    band.scale,
    threshold,
    mapRows.from,
  );
}

/**
 * Each scale's candidates after NMS among them, in scale order, from its bands' candidates in map order: as if the
 * level had run whole. One band at a time, or, where the session runs several at once, all of them started
 * together (each band resampled and handed over while the earlier ones run), and each scale's NMS done as soon
 * as its last band is in, while later bands still run.
 */
async function scaleCandidates(
  context: StageContext,
  scales: readonly number[],
  bands: readonly PnetBand[],
  within: number,
): Promise<Candidates[]> {
  const scaleOf = bands.map((band) => scales.indexOf(band.scale));
  // Bands still running per scale.
  const waiting = scales.map((_, s) => scaleOf.filter((t) => t === s).length);
  const found = new Array<Candidates>(bands.length);
  const selected = new Array<Candidates>(scales.length);
  const settle = (k: number, candidates: Candidates) => {
    found[k] = candidates;
    const s = scaleOf[k]!;
    if (--waiting[s]! > 0) return;
    const level = concatCandidates(found.filter((_, j) => scaleOf[j] === s));
    selected[s] = selectCandidates(level, nms(level.boxes, level.scores, within, 'union'));
  };
  if ((context.session.concurrency ?? 1) > 1) {
    await allRuns(
      bands.map((b, k) => bandCandidates(context, b).then((candidates) => settle(k, candidates))),
    );
  } else {
    for (const [k, band] of bands.entries()) settle(k, await bandCandidates(context, band));
  }
  return selected;
}

/**
 * P-Net, the proposal network: runs a fully convolutional net over an image pyramid and proposes square
 * candidate boxes, calibrated by its box regression. On its own it finds faces coarsely, without landmarks.
 */
export function pnet(options: PNetOptions = {}): Stage {
  const within = options.nmsThresholdWithinScale ?? PNET_NMS_WITHIN_SCALE;
  const across = options.nmsThresholdAcrossScales ?? PNET_NMS_ACROSS_SCALES;
  return {
    name: 'pnet',
    model: options.model ?? PNET_MODEL,
    backend: options.backend,
    threshold: options.threshold ?? PNET_THRESHOLD,
    async run(context) {
      const { image, options: detect } = context;
      const scales = pyramidScales(image.width, image.height, detect.minFaceSize, detect.scaleFactor);
      const bands = pnetBands(image.width, image.height, scales, context.session.concurrency ?? 1);
      const all = concatCandidates(await scaleCandidates(context, scales, bands, within));
      if (all.count === 0) return EMPTY_CANDIDATES;
      const kept = selectCandidates(all, nms(all.boxes, all.scores, across, 'union'));
      const calibrated = applyBoxRegression(kept.boxes, kept.offsets!, kept.count, false);
      return { count: kept.count, boxes: squareBoxes(calibrated, kept.count), scores: kept.scores };
    },
  };
}
