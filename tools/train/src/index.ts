// The trainer's API (the CLI and the tests use it).
export * from './sample-set.js';
