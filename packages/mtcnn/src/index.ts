// mtcnn: everything of @mtcnn/core for Node (types, errors, alignment, image decoding), with a ready detector.

// The devices and how each maps to a backend, as @mtcnn/backend-onnx says for Node.
export {
  AUTO_ORDER,
  backendForDevice,
  DEVICE_CHOICES,
  DEVICES,
  type Device,
  type DeviceChoice,
  type NodeDeviceOptions,
} from '@mtcnn/backend-onnx/node';
export * from '@mtcnn/core/node';
export { createDetector, type MtcnnOptions, type StageDevices } from './detector.js';
export { modelInFolder, type StageModels, stageModels } from './model-folder.js';
export { createDetectorPool, type DetectorPool, type DetectorPoolOptions } from './pool/pool.js';
