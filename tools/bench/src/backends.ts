// The backends the bench knows. Each is probed at run time (in the child process that uses it): one that
// cannot start is reported as skipped with its error, never fatal.
import type { Backend } from '@mtcnn/core';

export interface BenchBackend {
  /** Short id used on the command line and in results. */
  readonly id: string;
  readonly describe: string;
  /**
   * Creates the backend; throws (with the reason) where it is not available. `intraOpNumThreads` limits
   * one inference's threads where the backend has that setting (for one detector per core in a pool).
   */
  create(options?: { intraOpNumThreads?: number }): Promise<Backend>;
  /** Give it the models' bytes: a web runtime in Node cannot fetch file: URLs (a browser fetches them). */
  readonly modelsAsBytes?: boolean;
}

async function webBackend(device: 'wasm' | 'webgpu'): Promise<Backend> {
  // Imported when measured only: onnxruntime-web stays out of the other backends' processes.
  const { onnxWebBackend } = await import('@mtcnn/backend-onnx/web');
  return onnxWebBackend({ device });
}

export const BENCH_BACKENDS: readonly BenchBackend[] = [
  {
    id: 'onnx-node-cpu',
    describe:
      'onnxruntime-node, CPU execution provider, default options (the default backend: models in one worker ' +
      'thread per core, up to 4, nchwc model forms on x86-64)',
    async create(options = {}) {
      const { onnxNodeBackend } = await import('@mtcnn/backend-onnx/node');
      return onnxNodeBackend(options);
    },
  },
  {
    id: 'onnx-node-cpu-inline',
    describe:
      'onnxruntime-node CPU with onnxruntime in the calling thread and its own intra-op threads ' +
      '(workerThreads: 0), as before the worker threads; nchwc model forms',
    async create(options = {}) {
      const { onnxNodeBackend } = await import('@mtcnn/backend-onnx/node');
      return onnxNodeBackend({ workerThreads: 0, ...options });
    },
  },
  {
    id: 'onnx-node-cpu-portable',
    describe:
      'onnxruntime-node CPU in the calling thread on the portable models (workerThreads: 0, modelForms: []), as ' +
      'before the nchwc forms: PRelu and a channel Softmax make onnxruntime leave its NCHWc layout around every layer',
    async create(options = {}) {
      const { onnxNodeBackend } = await import('@mtcnn/backend-onnx/node');
      return onnxNodeBackend({ workerThreads: 0, ...options, modelForms: [] });
    },
  },
  {
    id: 'onnx-node-cpu-spin',
    describe:
      "onnxruntime-node CPU in the calling thread with onnxruntime's own default, spinning thread pools " +
      "(workerThreads: 0, allowSpinning: true): the three sessions each have a pool, and a pool's threads " +
      "spinning after its run slow down the next stage's",
    async create(options = {}) {
      const { onnxNodeBackend } = await import('@mtcnn/backend-onnx/node');
      return onnxNodeBackend({ workerThreads: 0, ...options, allowSpinning: true });
    },
  },
  {
    id: 'onnx-node-webgpu',
    describe: 'onnxruntime-node, WebGPU execution provider (Dawn)',
    async create() {
      const { onnxNodeBackend } = await import('@mtcnn/backend-onnx/node');
      return onnxNodeBackend({ device: 'webgpu' });
    },
  },
  {
    id: 'onnx-web-wasm',
    describe: 'onnxruntime-web, WebAssembly, via @mtcnn/backend-onnx/web',
    create: () => webBackend('wasm'),
    modelsAsBytes: true,
  },
];

export function benchBackend(id: string): BenchBackend {
  const found = BENCH_BACKENDS.find((b) => b.id === id);
  if (!found) {
    throw new Error(`unknown backend ${id}; known: ${BENCH_BACKENDS.map((b) => b.id).join(', ')}`);
  }
  return found;
}
