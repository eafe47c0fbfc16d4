// @mtcnn/core/stage-kit: what a stage author needs beside the user API: the Stage contract, candidates between
// stages, the cascade's pure operations, the refine-stage factory, and how a stage runs its session's work.

export { browserSourceToRaw, isBrowserImageSource } from './browser-image.js';
export type { CandidatePoints, Candidates } from './candidates.js';
export { concatCandidates, EMPTY_CANDIDATES, selectCandidates } from './candidates.js';
export {
  lanesOf,
  plannedRuns,
  RUNS_PER_LANE,
  runConcurrently,
  type StageRun,
} from './concurrent-runs.js';
export { validateRawImage } from './image.js';
export { requireOutput } from './model-output.js';
export { type AreaWeights, areaWeights } from './ops/area-weights.js';
export { applyBoxRegression } from './ops/bbox-regression.js';
export { TypedArrayPool } from './ops/buffer-pool.js';
export {
  type CropRule,
  clampedCropRegion,
  cropAndResize,
  cropAndResizeStreamed,
  referenceCropRegion,
} from './ops/crop-resize.js';
export {
  applyBoxRegressionFloat32,
  decodeLandmarksFloat32,
  squareBoxesFloat32,
} from './ops/float32-boxes.js';
export { iou } from './ops/iou.js';
export { decodeLandmarks } from './ops/landmarks.js';
export { type NmsMode, nms } from './ops/nms.js';
export { normalizePixel, PIXEL_MEAN, PIXEL_SCALE } from './ops/normalize.js';
export { numpyArgsort, numpyNms } from './ops/numpy-nms.js';
export {
  type PixelRegion,
  type RowRange,
  resampleImage,
  resampleImageRows,
  resampleRegion,
  resampleSourceRows,
} from './ops/resample.js';
export { ResampleStream, type StreamTarget } from './ops/resample-stream.js';
export { squareBoxes } from './ops/square.js';
export {
  extendSummedArea,
  MAX_EXACT_BOX_AREA,
  partialSummedArea,
  type SummedArea,
  summedArea,
  summedAreaBytes,
} from './ops/summed-area.js';
export { torchvisionNms } from './ops/torchvision-nms.js';
export {
  COMPAT_MODES,
  type CompatMode,
  type ResolvedDetectOptions,
  resolveDetectOptions,
  type Thresholds,
} from './options.js';
export {
  MIN_RUN_INPUT_VALUES,
  MODEL_INPUT,
  REFINE_BATCH_LIMIT,
  type RefineNms,
  type RefineOutputs,
  type RefineStageOptions,
  type RefineStageSpec,
  refineStage,
  type ScoredCrops,
  scoreCrops,
} from './refine-stage.js';
export {
  type CallScratch,
  MAX_SUMMED_AREA_BYTES,
  ScratchMemory,
  type ScratchMemoryOptions,
} from './scratch.js';
export type { Stage, StageContext, StageKind } from './stage.js';
export type { Tensor } from './tensor.js';
