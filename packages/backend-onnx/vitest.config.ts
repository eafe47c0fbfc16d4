import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Tests load real models into onnxruntime (node and web): seconds each on a busy 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
