import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // npm installs (the registry for third-party packages), a Vite build and Chromium: minutes, not seconds.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    // The scenarios share one set of tarballs and run one after another.
    fileParallelism: false,
  },
});
