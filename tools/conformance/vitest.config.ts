import SkipSummaryReporter from '@mtcnn/fixtures/skip-summary';
import { defineConfig } from 'vitest/config';
import { useSwiftShader } from './src/swiftshader-env.js';

const vulkan = useSwiftShader();
console.log(
  `[conformance] Vulkan driver for onnxruntime-node's WebGPU: ${vulkan ?? "the loader's choice (no SwiftShader here)"}`,
);

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
    // Ends the run with what was skipped and why (in CI a skip fails instead: src/required-target.ts).
    reporters: ['default', new SkipSummaryReporter()],
  },
});
