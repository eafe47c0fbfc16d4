// The recognition worker: the MTCNN cascade and the MobileFaceNet embedder on one device, so that detection and
// embedding of webcam frames never block the page. Like the detector worker, it owns its onnxruntime-web runtime.
import { backendForDevice } from '@mtcnn/backend-onnx/web';
import { createDetector, type Detector, isMtcnnError } from '@mtcnn/core';
import { mobilefacenet } from '@mtcnn/mobilefacenet';
import { onet } from '@mtcnn/onet';
import { pnet } from '@mtcnn/pnet';
import { createRecognizer, type Recognizer } from '@mtcnn/recognition';
import { rnet } from '@mtcnn/rnet';
import type { WorkerError } from './protocol.js';
import type { RecognitionConfig, RecognitionRequest, RecognitionResponse } from './recognition-protocol.js';
import { runtimeWasmPaths } from './runtime-files.js';

interface WorkerScope {
  readonly location: { readonly href: string };
  postMessage(message: RecognitionResponse, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<RecognitionRequest>) => void): void;
}
const scope = globalThis as unknown as WorkerScope;

let detector: Detector | undefined;
let recognizer: Recognizer | undefined;

async function load(config: RecognitionConfig): Promise<string> {
  const backend = backendForDevice(config.device, {
    web: {
      numThreads: config.wasmThreads,
      wasmPaths: runtimeWasmPaths(scope.location.href),
      sessionOptions: { logSeverityLevel: 3 as const },
    },
  });
  detector = await createDetector({ backend, stages: [pnet(), rnet(), onet()] });
  // The embedder's model URL comes from @mtcnn/mobilefacenet (new URL(…, import.meta.url)): Vite emits it as an
  // asset, as it does for the three MTCNN models.
  recognizer = await createRecognizer({ embedder: mobilefacenet(), backend, detector });
  return recognizer.embedder.id;
}

function toWorkerError(error: unknown): WorkerError {
  if (isMtcnnError(error)) return { code: error.code, message: error.message };
  return { message: error instanceof Error ? error.message : String(error) };
}

async function handle(request: RecognitionRequest): Promise<[RecognitionResponse, Transferable[]]> {
  const { id } = request;
  switch (request.type) {
    case 'load': {
      const started = performance.now();
      const embedderId = await load(request.config);
      return [{ type: 'loaded', id, ms: performance.now() - started, embedderId }, []];
    }
    case 'embed': {
      if (!recognizer) throw new Error('the recognizer is not loaded yet');
      const { image } = request;
      const started = performance.now();
      try {
        const found = await recognizer.detectAndEmbed(image, request.options);
        // A copy per face: the recognizer may hand out views of one batch buffer, which can be transferred once.
        const faces = found.map(({ face, embedding }) => ({ face, embedding: Float32Array.from(embedding) }));
        const response: RecognitionResponse = {
          type: 'embedded',
          id,
          faces,
          width: image.width,
          height: image.height,
          workerMs: performance.now() - started,
        };
        return [response, faces.map((f) => f.embedding.buffer as ArrayBuffer)];
      } finally {
        if ('close' in image) image.close();
      }
    }
    case 'dispose': {
      await recognizer?.dispose();
      await detector?.dispose();
      recognizer = undefined;
      detector = undefined;
      return [{ type: 'disposed', id }, []];
    }
  }
}

scope.addEventListener('message', (event) => {
  const request = event.data;
  handle(request).then(
    ([response, transfer]) => scope.postMessage(response, transfer),
    (error: unknown) => scope.postMessage({ type: 'failed', id: request.id, error: toWorkerError(error) }),
  );
});
