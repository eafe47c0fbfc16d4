import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One file at a time: the suites are CPU-bound (2 cores in CI) and the memory check needs a quiet process.
    fileParallelism: false,
    // The memory check collects garbage before each measurement.
    execArgv: ['--expose-gc'],
    // The accuracy suite detects faces in the six 1920 px sample photos and dozens of transformed copies of
    // them: tens of seconds on a 2-core machine.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
