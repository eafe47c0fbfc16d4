import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Detecting faces on six 1920 px photos and running the float64 reference interpreter on a few crops take
    // seconds each on a 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
