// @mtcnn/core/backend-kit: what a backend author needs beside the user API (as onnxruntime-common keeps
// `Backend` apart from `InferenceSession`): the Session contract, model forms, tensors and reusable memory.
export type { Backend, Model, ModelForms, ModelSource, Session } from './backend.js';
export { type BackendCandidate, firstAvailableBackend } from './backend-fallback.js';
export { isMtcnnError, MtcnnError, type MtcnnErrorCode } from './errors.js';
export { isMissingPackage, missingDependency } from './missing-dependency.js';
export { isModelForms, selectModelForm } from './model-forms.js';
export { TypedArrayPool } from './ops/buffer-pool.js';
export { createTensor, type Tensor, tensorSize } from './tensor.js';
