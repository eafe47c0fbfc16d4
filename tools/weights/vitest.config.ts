import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Converting and running the real models takes seconds each; under the repo-wide parallel test run (turbo,
    // with other packages' worker threads busy) one conversion took 5.2 s, past vitest's 5 s default.
    testTimeout: 60_000,
  },
});
