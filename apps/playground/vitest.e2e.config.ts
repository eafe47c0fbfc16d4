import SkipSummaryReporter from '@mtcnn/fixtures/skip-summary';
import { defineConfig } from 'vitest/config';

/** End-to-end tests: the built playground in headless Chromium. Run by `pnpm test:e2e` at the root. */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    // One browser, one server, steps that build on each other: no parallel files, no retries.
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 120_000,
    // The summary says what was skipped and why (in CI a missing WebGPU adapter fails instead).
    reporters: ['verbose', new SkipSummaryReporter()],
  },
});
