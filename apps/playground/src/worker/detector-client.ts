import type { DetectOptions } from '@mtcnn/core';
import type {
  DetectorConfig,
  WorkerDetection,
  WorkerError,
  WorkerRequest,
  WorkerResponse,
} from './protocol.js';

/** An error reported by the worker, with the library's error code when there is one. */
export class DetectorError extends Error {
  readonly code: string | undefined;
  constructor(error: WorkerError) {
    super(error.message);
    this.name = 'DetectorError';
    this.code = error.code;
  }
}

/** What a detection costs seen from the page: the worker's result plus the round trip. */
export interface PageDetection extends WorkerDetection {
  /** Milliseconds from posting the image to receiving the faces (includes copying the pixels). */
  readonly roundTripMs: number;
}

type Pending = { resolve: (response: WorkerResponse) => void; reject: (error: Error) => void };

// Distributive Omit, so that each request keeps its own fields.
type RequestBody = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

/**
 * The page's handle on one detector worker. Calls are answered in order; `dispose` releases the sessions and
 * ends the worker (and with it its onnxruntime-web runtime).
 */
export class DetectorClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private ended = false;

  private constructor() {
    this.worker = new Worker(new URL('./detector-worker.ts', import.meta.url), {
      type: 'module',
      name: 'mtcnn-detector',
    });
    this.worker.addEventListener('message', (event: MessageEvent<WorkerResponse>) => {
      const response = event.data;
      const waiting = this.pending.get(response.id);
      if (!waiting) return;
      this.pending.delete(response.id);
      if (response.type === 'failed') waiting.reject(new DetectorError(response.error));
      else waiting.resolve(response);
    });
    this.worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.failAll(
        new DetectorError({ message: `the detector worker failed: ${event.message || 'unknown error'}` }),
      );
    });
  }

  /** Starts a worker and loads the models; resolves with the client and the model load time. */
  static async create(config: DetectorConfig): Promise<{ client: DetectorClient; loadMs: number }> {
    const client = new DetectorClient();
    try {
      const loaded = await client.call({ type: 'load', config });
      return { client, loadMs: loaded.type === 'loaded' ? loaded.ms : Number.NaN };
    } catch (error) {
      client.terminate();
      throw error;
    }
  }

  /** Detects faces. An ImageBitmap is transferred (and closed by the worker); ImageData is copied. */
  async detect(image: ImageData | ImageBitmap, options: DetectOptions): Promise<PageDetection> {
    const started = performance.now();
    const transfer = image instanceof ImageBitmap ? [image] : [];
    const response = await this.call({ type: 'detect', image, options }, transfer);
    if (response.type !== 'detected')
      throw new DetectorError({ message: `unexpected reply ${response.type}` });
    return {
      detection: response.detection,
      workerMs: response.workerMs,
      roundTripMs: performance.now() - started,
    };
  }

  /** Releases the sessions (waiting for calls in flight) and ends the worker. */
  async dispose(): Promise<void> {
    if (this.ended) return;
    try {
      await this.call({ type: 'dispose' });
    } finally {
      this.terminate();
    }
  }

  private call(body: RequestBody, transfer: Transferable[] = []): Promise<WorkerResponse> {
    if (this.ended) return Promise.reject(new DetectorError({ message: 'the detector was disposed' }));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...body, id } as WorkerRequest, transfer);
    });
  }

  private failAll(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }

  private terminate(): void {
    this.ended = true;
    this.worker.terminate();
    this.failAll(new DetectorError({ message: 'the detector was disposed' }));
  }
}
