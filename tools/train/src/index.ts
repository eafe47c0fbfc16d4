// The trainer's API (the CLI and the tests use it).
export * from './batches.js';
export * from './checkpoint.js';
export * from './curves-data.js';
export * from './fit.js';
export * from './graph-net.js';
export * from './init.js';
export * from './loss.js';
export * from './random.js';
export * from './sample-set.js';
export * from './stage-graph.js';
export { loadTf, type Tf, withCpuBackend } from './tf.js';
export * from './weights-file.js';
