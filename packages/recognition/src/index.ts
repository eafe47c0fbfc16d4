// @mtcnn/recognition: who is this face? Embeds faces found by the detector with any embedder that has a descriptor
// (@mtcnn/core's Embedder), compares and verifies them on the embedder's calibrated threshold, matches them against
// a gallery with an open-set answer, and trains classifiers. Browser-safe; the dataset loader is in ./node.

export { DEFAULT_K, type TrainClassifierOptions, trainClassifier } from './classifier.js';
export { checkDescriptor } from './descriptor.js';
export { FaceGallery, GALLERY_FORMAT, GALLERY_VERSION } from './gallery.js';
export { createRecognizer, DEFAULT_BATCH_SIZE } from './recognizer.js';
export { type FarPoint, type VerificationReport, verificationReport } from './roc.js';
export type {
  Classifier,
  ClassifierOptions,
  Comparison,
  EmbeddedFace,
  FaceGalleryJson,
  FaceGalleryOptions,
  IdentityMatch,
  IdentityScoring,
  LabelledEmbedding,
  MatchOptions,
  Prediction,
  Recognizer,
  RecognizerOptions,
  Verification,
  VerifyOptions,
} from './types.js';
export { compareEmbeddings, l2Normalize } from './vectors.js';
