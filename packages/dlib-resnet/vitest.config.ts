import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Detecting the sample faces, converting the model and running face-api take seconds each.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
