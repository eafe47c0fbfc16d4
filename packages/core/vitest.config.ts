import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Some tests sum tables of a 4000 × 4300 image or run stages: seconds each on a busy 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
