import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The end-to-end tests spawn the CLI, which runs the whole cascade on 1920 px photos (about 0.6 s each
    // on two cores); files run one after another so that they do not compete for those cores.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
