import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Full detections on 1920 px photos take seconds each on a 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
