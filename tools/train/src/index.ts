// The trainer's API (the CLI and the tests use it).
export * from './crops.js';
export * from './dataset.js';
export * from './iou.js';
export * from './labels.js';
export * from './landmark-targets.js';
export * from './mine-cascade.js';
export * from './mine-pnet.js';
export * from './mine-stage.js';
export * from './models-dir.js';
export * from './random.js';
export * from './sample-set.js';
export * from './train-error.js';
