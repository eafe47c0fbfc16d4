import { defineConfig } from 'vitest/config';

/** Measurements of the built playground (`pnpm --filter playground measure:threads`), kept out of every test run. */
export default defineConfig({
  test: {
    include: ['e2e/**/*.measure.ts'],
    fileParallelism: false,
    testTimeout: 1_800_000,
    hookTimeout: 120_000,
    reporters: ['verbose'],
  },
});
