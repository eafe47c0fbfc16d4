import { defineConfig } from 'vitest/config';
import { useSwiftShaderIfNoGpu } from './src/swiftshader-env.js';

useSwiftShaderIfNoGpu();

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // One file at a time: the suites are CPU-bound (2 cores in CI) and the memory checks need a quiet process.
    fileParallelism: false,
    // The memory check collects garbage before each measurement.
    execArgv: ['--expose-gc'],
    // The WebGPU memory checks take minutes on SwiftShader; hooks start browsers and build pages.
    testTimeout: 600_000,
    hookTimeout: 300_000,
  },
});
