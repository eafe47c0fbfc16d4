import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Training steps and model runs take seconds each on two shared cores.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
