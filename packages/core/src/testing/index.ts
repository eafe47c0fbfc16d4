// Test helpers shared by every backend's conformance and parity tests. Not needed at run time, and free of any
// test framework: the suite takes the framework's describe/it (see defineConformanceSuite).

export { type ConcurrencyResult, checkConcurrency } from './conformance/check-concurrency.js';
export { checkDetections, type DetectionAgreement } from './conformance/check-detections.js';
export { checkDispose, type DisposeResult } from './conformance/check-dispose.js';
export { checkMemoryFlat, type MemoryProbe, type MemoryResult } from './conformance/check-memory.js';
export { checkModelAgreement, type ModelAgreement } from './conformance/check-models.js';
export { decodeConformanceData, encodeConformanceData } from './conformance/codec.js';
export { type FaceDeviation, faceDeviation, toReferenceFace } from './conformance/face-deviation.js';
export { ConformanceFailure } from './conformance/failure.js';
export { type RecordedRun, recordingBackend } from './conformance/recording-backend.js';
export {
  buildConformanceReference,
  type ConformanceReference,
  type ReferenceImage,
  type ReferenceInputs,
} from './conformance/reference.js';
export {
  type ConformanceSubject,
  type OutputTolerance,
  stagesOf,
  withBackend,
} from './conformance/subject.js';
export {
  type CheckOutcome,
  CONFORMANCE_CHECKS,
  type ConformanceCheckName,
  type ConformanceEnvironment,
  type ConformanceSuiteOptions,
  type ConformanceTarget,
  type ConformanceTestApi,
  defineConformanceSuite,
  localConformanceTarget,
  runConformanceCheck,
  subjectAvailability,
} from './conformance/suite.js';
export { DETECTION_TOLERANCE, OUTPUT_TOLERANCE } from './conformance/tolerance.js';
export { type TrackedSession, trackingBackend } from './conformance/tracking-backend.js';
export { type FaceMatch, type FaceMatching, matchFaces, type ReferenceFace } from './match-faces.js';
