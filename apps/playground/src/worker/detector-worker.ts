// The detector worker: builds one detector from a DetectorConfig and runs it on the images it is sent.
// Running here keeps the page responsive while a slow backend works, and gives every detector its own
// onnxruntime-web runtime, whose WebAssembly thread count is fixed once it starts.
import { backendForDevice } from '@mtcnn/backend-onnx/web';
import { type Backend, createDetector, type Detector, isMtcnnError } from '@mtcnn/core';
import { onet } from '@mtcnn/onet';
import { pnet } from '@mtcnn/pnet';
import { rnet } from '@mtcnn/rnet';
import { STANDARD_STAGES, type StandardStage } from '../standard-stages.js';
import type { DetectorConfig, StageDevice, WorkerError, WorkerRequest, WorkerResponse } from './protocol.js';
import { runtimeWasmPaths } from './runtime-files.js';

/** The part of the worker scope used here (the app is type-checked with the DOM library, not WebWorker's). */
interface WorkerScope {
  readonly location: { readonly href: string };
  postMessage(message: WorkerResponse): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerRequest>) => void): void;
}
const scope = globalThis as unknown as WorkerScope;

let detector: Detector | undefined;

function backendsFor(config: DetectorConfig): Record<StandardStage, Backend> {
  const shared = {
    numThreads: config.wasmThreads,
    wasmPaths: runtimeWasmPaths(scope.location.href),
    sessionOptions: { logSeverityLevel: 3 as const },
  };
  const byDevice = new Map<StageDevice, Backend>();
  const backendOf = (device: StageDevice) => {
    let backend = byDevice.get(device);
    if (!backend) {
      backend = backendForDevice(device, { web: shared });
      byDevice.set(device, backend);
    }
    return backend;
  };
  return Object.fromEntries(STANDARD_STAGES.map((s) => [s, backendOf(config.stages[s])])) as Record<
    StandardStage,
    Backend
  >;
}

async function load(config: DetectorConfig): Promise<void> {
  const backends = backendsFor(config);
  detector = await createDetector({
    stages: [
      pnet({ backend: backends.pnet }),
      rnet({ backend: backends.rnet }),
      onet({ backend: backends.onet }),
    ],
  });
}

function toWorkerError(error: unknown): WorkerError {
  if (isMtcnnError(error)) return { code: error.code, message: error.message };
  return { message: error instanceof Error ? error.message : String(error) };
}

async function handle(request: WorkerRequest): Promise<WorkerResponse> {
  const { id } = request;
  switch (request.type) {
    case 'load': {
      const started = performance.now();
      await load(request.config);
      return { type: 'loaded', id, ms: performance.now() - started };
    }
    case 'detect': {
      if (!detector) throw new Error('the detector is not loaded yet');
      const started = performance.now();
      try {
        const detection = await detector.detectWithDetails(request.image, request.options);
        return { type: 'detected', id, detection, workerMs: performance.now() - started };
      } finally {
        if ('close' in request.image) request.image.close();
      }
    }
    case 'dispose': {
      await detector?.dispose();
      detector = undefined;
      return { type: 'disposed', id };
    }
  }
}

scope.addEventListener('message', (event) => {
  const request = event.data;
  handle(request).then(
    (response) => scope.postMessage(response),
    (error: unknown) => scope.postMessage({ type: 'failed', id: request.id, error: toWorkerError(error) }),
  );
});
