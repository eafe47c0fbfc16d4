// Types

// Face alignment: ArcFace five-point similarity warp and facenet-style margin crops
export * from './align/index.js';
// Contracts
export { allRuns } from './all-runs.js';
export type { Backend, Model, ModelForms, ModelSource, Session } from './backend.js';
export { type BackendCandidate, type Device, firstAvailableBackend } from './backend-fallback.js';
export type { BrowserImageSource } from './browser-image.js';
export { browserSourceToRaw, isBrowserImageSource } from './browser-image.js';
export type { Candidates } from './candidates.js';
export { concatCandidates, EMPTY_CANDIDATES, selectCandidates } from './candidates.js';
export type {
  Detection,
  Detector,
  DetectorOptions,
  ImageDecoder,
  ImageInput,
  PixelsInput,
  StageReport,
  WarmupOptions,
} from './detector.js';
export { createDetector } from './detector.js';
export type { MtcnnErrorCode } from './errors.js';
export { isMtcnnError, MtcnnError } from './errors.js';
export type { Box, Corners, Face, Landmarks, Point } from './geometry.js';
export { fromCorners, LANDMARK_NAMES, toCorners } from './geometry.js';
export type { RawImage, RgbImage } from './image.js';
export { DEFAULT_MAX_PIXELS, rawToRgb, validateRawImage } from './image.js';
export { isModelForms, selectModelForm } from './model-forms.js';
export { requireOutput } from './model-output.js';
export { type AreaWeights, areaWeights } from './ops/area-weights.js';
export { applyBoxRegression } from './ops/bbox-regression.js';
export { float32Pool, TypedArrayPool } from './ops/buffer-pool.js';
export { cropAndResize, referenceCropRegion } from './ops/crop-resize.js';
// Operations of the cascade
export { iou } from './ops/iou.js';
export { decodeLandmarks } from './ops/landmarks.js';
export { type NmsMode, nms } from './ops/nms.js';
export { normalizePixel, PIXEL_MEAN, PIXEL_SCALE } from './ops/normalize.js';
export { MIN_BAND_MAP_ROWS, type PnetBand, pnetBandInputRows, pnetBands } from './ops/pnet-bands.js';
export { pnetCandidates } from './ops/pnet-candidates.js';
export { PNET_CELL_SIZE, PNET_STRIDE, pnetMapSize, pyramidScales, scaledSize } from './ops/pyramid.js';
export {
  type PixelRegion,
  type RowRange,
  resampleImage,
  resampleImageRows,
  resampleRegion,
  resampleSourceRows,
} from './ops/resample.js';
export { squareBoxes } from './ops/square.js';
export {
  cachedSummedArea,
  MAX_EXACT_BOX_AREA,
  releaseSummedArea,
  type SummedArea,
  summedArea,
} from './ops/summed-area.js';
// Options and the detector
export type { DetectOptions, ResolvedDetectOptions } from './options.js';
export {
  DEFAULT_MIN_FACE_SIZE,
  DEFAULT_SCALE_FACTOR,
  DEFAULT_THRESHOLDS,
  resolveDetectOptions,
} from './options.js';
export {
  MIN_RUN_INPUT_VALUES,
  MODEL_INPUT,
  REFINE_BATCH_LIMIT,
  RUNS_PER_LANE,
  type ScoredCrops,
  scoreCrops,
} from './refine-stage.js';
export type { Stage, StageContext, StageName } from './stage.js';
export { STAGE_ORDER } from './stage.js';
export type { Tensor } from './tensor.js';
export { createTensor, tensorSize } from './tensor.js';
