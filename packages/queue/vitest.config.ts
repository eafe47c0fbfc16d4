import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Each file starts its own redis-server; one file at a time keeps the two CI cores for the workers.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
