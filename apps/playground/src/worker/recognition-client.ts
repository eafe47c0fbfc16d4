import type { DetectOptions } from '@mtcnn/core';
import { DetectorError } from './detector-client.js';
import type { RecognitionConfig, RecognitionRequest, RecognitionResponse } from './recognition-protocol.js';

/** The faces of one image with their embeddings, and what they cost. */
export type Embedded = Extract<RecognitionResponse, { type: 'embedded' }> & { readonly roundTripMs: number };

type Pending = { resolve: (response: RecognitionResponse) => void; reject: (error: Error) => void };
type RequestBody = RecognitionRequest extends infer R
  ? R extends RecognitionRequest
    ? Omit<R, 'id'>
    : never
  : never;

/** The page's handle on one recognition worker (detector + embedder on one device). */
export class RecognitionClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private ended = false;

  private constructor() {
    this.worker = new Worker(new URL('./recognition-worker.ts', import.meta.url), {
      type: 'module',
      name: 'mtcnn-recognition',
    });
    this.worker.addEventListener('message', (event: MessageEvent<RecognitionResponse>) => {
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
        new DetectorError({ message: `the recognition worker failed: ${event.message || 'unknown error'}` }),
      );
    });
  }

  /** Starts a worker and loads the four models; resolves with the client, the load time and the embedder id. */
  static async create(
    config: RecognitionConfig,
  ): Promise<{ client: RecognitionClient; loadMs: number; embedderId: string }> {
    const client = new RecognitionClient();
    try {
      const loaded = await client.call({ type: 'load', config });
      if (loaded.type !== 'loaded') throw new DetectorError({ message: `unexpected reply ${loaded.type}` });
      return { client, loadMs: loaded.ms, embedderId: loaded.embedderId };
    } catch (error) {
      client.terminate();
      throw error;
    }
  }

  /** Detects and embeds every face. An ImageBitmap is transferred (and closed by the worker). */
  async embed(image: ImageData | ImageBitmap, options: DetectOptions = {}): Promise<Embedded> {
    const started = performance.now();
    const transfer = image instanceof ImageBitmap ? [image] : [];
    const response = await this.call({ type: 'embed', image, options }, transfer);
    if (response.type !== 'embedded')
      throw new DetectorError({ message: `unexpected reply ${response.type}` });
    return { ...response, roundTripMs: performance.now() - started };
  }

  async dispose(): Promise<void> {
    if (this.ended) return;
    try {
      await this.call({ type: 'dispose' });
    } finally {
      this.terminate();
    }
  }

  private call(body: RequestBody, transfer: Transferable[] = []): Promise<RecognitionResponse> {
    if (this.ended) return Promise.reject(new DetectorError({ message: 'the recognizer was disposed' }));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...body, id } as RecognitionRequest, transfer);
    });
  }

  private failAll(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }

  private terminate(): void {
    this.ended = true;
    this.worker.terminate();
    this.failAll(new DetectorError({ message: 'the recognizer was disposed' }));
  }
}
