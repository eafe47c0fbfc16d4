// @mtcnn/core: what a user of the detector needs. Stage authors import @mtcnn/core/stage-kit, backend authors
// @mtcnn/core/backend-kit; test helpers are in @mtcnn/core/testing, Node's image decoding in @mtcnn/core/node.

// Face alignment: ArcFace five-point similarity warp and facenet-style margin crops
export * from './align/index.js';
// Backends and models, as a user picks them
export type { Backend, Model, ModelForms, ModelSource, Session } from './backend.js';
export { type BackendCandidate, firstAvailableBackend } from './backend-fallback.js';
export type { BrowserImageSource } from './browser-image.js';
// The detector
export type {
  Detection,
  Detector,
  DetectorOptions,
  ImageDecoder,
  ImageInput,
  PixelsInput,
  ReadImageOptions,
  StageReport,
  WarmupOptions,
} from './detector.js';
export { createDetector, readImage } from './detector.js';
// Face embedders, as @mtcnn/recognition runs them
export type { Embedder, EmbedderDescriptor, EmbedderMetric } from './embedder.js';
export type { MtcnnErrorCode } from './errors.js';
export { isMtcnnError, MtcnnError } from './errors.js';
export type { Box, Corners, Face, FacePoint, Landmarks, Point } from './geometry.js';
export { fromCorners, LANDMARK_COLORS, LANDMARK_NAMES, toCorners } from './geometry.js';
export type { RawImage, RgbImage } from './image.js';
export { DEFAULT_MAX_PIXELS, rawToRgb } from './image.js';
export type { CompatMode, DetectOptions, Thresholds } from './options.js';
export {
  COMPAT_MODES,
  DEFAULT_MIN_FACE_SIZE,
  DEFAULT_SCALE_FACTOR,
  DEFAULT_THRESHOLDS,
} from './options.js';
export { DETECT_PRESETS, type DetectPreset } from './presets.js';
export type { Stage, StageKind } from './stage.js';
