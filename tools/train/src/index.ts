// The trainer's API (the CLI and the tests use it).
export * from './cli-error.js';
export * from './curves-data.js';
export * from './curves-plot.js';
export * from './export.js';
export * from './export-error.js';
export * from './final-losses.js';
export * from './progress.js';
export * from './released-graph.js';
export * from './sample-set.js';
export * from './work-layout.js';
