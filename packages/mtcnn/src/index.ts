// mtcnn: everything of @mtcnn/core for Node (types, errors, alignment, image decoding), with a ready detector.
export * from '@mtcnn/core/node';
export { createDetector, type MtcnnOptions, type StageDevices } from './detector.js';
export { AUTO_ORDER, backendForDevice, DEVICES } from './devices.js';
export { createDetectorPool, type DetectorPool, type DetectorPoolOptions } from './pool/pool.js';
