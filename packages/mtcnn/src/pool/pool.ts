// Many images in Node: a pool of worker threads, each with its own detector, fed from one queue.
import { availableParallelism } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type Detection, type DetectOptions, type Face, MtcnnError, type MtcnnErrorCode } from '@mtcnn/core';
import type { NodeImageInput } from '@mtcnn/core/node';
import type {
  PoolCall,
  PoolError,
  PoolReady,
  PoolReply,
  PoolRequest,
  PoolWorkerData,
} from './pool-protocol.js';

export interface DetectorPoolOptions {
  /**
   * The module that creates each worker's detector (a path or a file: URL): its export `exportName` is
   * called with `factoryOptions` and returns a detector or a promise of one. Every worker loads its own
   * models. Use `createDetector` from `@mtcnn/core/node` there so that file paths and encoded bytes work.
   * Default: this package's `createDetector`, with `factoryOptions` as its options (`{ device, lastStage }`
   * and detection defaults).
   */
  readonly factory?: string | URL;
  /** Which export of the factory module to call. Default 'default' ('createDetector' without a factory). */
  readonly exportName?: string;
  /** Passed to the factory in every worker; must survive structured cloning (plain data). */
  readonly factoryOptions?: unknown;
  /**
   * Worker threads. Default: the number of CPUs. With as many workers as cores, give each backend one
   * inference thread (onnxNodeBackend({ intraOpNumThreads: 1 })) so that threads do not fight for cores.
   */
  readonly workers?: number;
  /** Warm every worker's detector before the pool is returned. Default true. */
  readonly warmup?: boolean;
}

/** The detector API over a pool of workers; calls run in parallel, one per worker. */
export interface DetectorPool {
  readonly size: number;
  detect(image: NodeImageInput, options?: DetectOptions): Promise<Face[]>;
  detectWithDetails(image: NodeImageInput, options?: DetectOptions): Promise<Detection>;
  /** Runs every worker's warm-up. */
  warmup(): Promise<void>;
  /** Waits for queued and running calls, then releases every worker; later calls throw DETECTOR_DISPOSED. */
  dispose(): Promise<void>;
}

const WORKER_URL = new URL('./pool-worker.js', import.meta.url);
const UMBRELLA_FACTORY = new URL('../detector.js', import.meta.url);
const ERROR_CODES: readonly MtcnnErrorCode[] = [
  'INVALID_IMAGE',
  'IMAGE_TOO_LARGE',
  'INVALID_OPTION',
  'MODEL_LOAD_FAILED',
  'BACKEND_UNAVAILABLE',
  'INFERENCE_FAILED',
  'DETECTOR_DISPOSED',
];

function fromPoolError(error: PoolError): Error {
  const code = ERROR_CODES.find((c) => c === error.code);
  return code ? new MtcnnError(code, error.message) : new Error(error.message);
}

function factoryUrl(factory: string | URL): string {
  if (factory instanceof URL) return factory.href;
  if (factory.startsWith('file:')) return factory;
  return pathToFileURL(isAbsolute(factory) ? factory : resolve(factory)).href;
}

interface Task {
  readonly request: PoolCall;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Thread {
  readonly worker: Worker;
  /** Tasks only this thread may run (warm-up and dispose reach every worker). */
  readonly own: Task[];
  busy?: Task;
}

function startThread(data: PoolWorkerData): Promise<Thread> {
  const worker = new Worker(WORKER_URL, { workerData: data });
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => {
      void worker.terminate();
      reject(error);
    };
    worker.once('message', (message: PoolReady) => {
      worker.off('error', fail);
      if (message.ready) resolve({ worker, own: [] });
      else fail(fromPoolError(message.error));
    });
    worker.once('error', fail);
  });
}

export async function createDetectorPool(options: DetectorPoolOptions = {}): Promise<DetectorPool> {
  if (options === null || typeof options !== 'object') {
    throw new MtcnnError('INVALID_OPTION', 'createDetectorPool takes an options object');
  }
  if (
    options.factory !== undefined &&
    typeof options.factory !== 'string' &&
    !(options.factory instanceof URL)
  ) {
    throw new MtcnnError('INVALID_OPTION', 'factory must be a module path or a file: URL');
  }
  const size = options.workers ?? availableParallelism();
  if (!Number.isInteger(size) || size < 1) {
    throw new MtcnnError('INVALID_OPTION', `workers must be a positive integer, got ${String(size)}`);
  }
  const data: PoolWorkerData = {
    factory: options.factory ? factoryUrl(options.factory) : UMBRELLA_FACTORY.href,
    exportName: options.exportName ?? (options.factory ? 'default' : 'createDetector'),
    factoryOptions: options.factoryOptions,
    warmup: options.warmup ?? true,
  };
  const started = await Promise.allSettled(Array.from({ length: size }, () => startThread(data)));
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await Promise.all(
      started.map((s) => (s.status === 'fulfilled' ? s.value.worker.terminate() : undefined)),
    );
    throw failed.reason;
  }
  const threads = started.map((s) => (s as PromiseFulfilledResult<Thread>).value);

  const shared: Task[] = [];
  const pending = new Set<Promise<unknown>>();
  let nextId = 0;
  let disposed = false;

  function pump(): void {
    for (const thread of threads) {
      if (thread.busy) continue;
      const task = thread.own.shift() ?? shared.shift();
      if (!task) continue;
      thread.busy = task;
      thread.worker.postMessage({ ...task.request, id: nextId++ } satisfies PoolRequest);
    }
  }

  function lose(thread: Thread, error: Error): void {
    // A worker that dies takes its current call with it; the others carry on with the queue.
    threads.splice(threads.indexOf(thread), 1);
    thread.busy?.reject(error);
    for (const task of thread.own) task.reject(error);
    if (threads.length === 0) for (const task of shared.splice(0)) task.reject(error);
    pump();
  }

  for (const thread of threads) {
    thread.worker.on('message', (reply: PoolReply) => {
      const task = thread.busy;
      thread.busy = undefined;
      if (reply.ok) task?.resolve(reply.value);
      else task?.reject(fromPoolError(reply.error));
      pump();
    });
    thread.worker.on('error', (error) => lose(thread, new MtcnnError('INFERENCE_FAILED', error.message)));
    thread.worker.on('exit', (code) => {
      if (threads.includes(thread)) {
        lose(thread, new MtcnnError('INFERENCE_FAILED', `a pool worker exited (code ${code})`));
      }
    });
  }

  function submit<T>(request: PoolCall, queue: Task[]): Promise<T> {
    if (threads.length === 0) {
      return Promise.reject(new MtcnnError('INFERENCE_FAILED', 'every pool worker has exited'));
    }
    const promise = new Promise<T>((resolve, reject) => {
      queue.push({ request, resolve: resolve as (value: unknown) => void, reject });
    });
    pending.add(promise);
    const forget = () => pending.delete(promise);
    promise.then(forget, forget);
    pump();
    return promise;
  }

  function call<T>(request: PoolCall): Promise<T> {
    if (disposed) {
      return Promise.reject(
        new MtcnnError('DETECTOR_DISPOSED', 'the detector pool was disposed; create a new one'),
      );
    }
    return submit<T>(request, shared);
  }

  return {
    size,
    detect: (image, callOptions) => call<Face[]>({ method: 'detect', image, options: callOptions }),
    detectWithDetails: (image, callOptions) =>
      call<Detection>({ method: 'detectWithDetails', image, options: callOptions }),
    async warmup() {
      if (disposed)
        throw new MtcnnError('DETECTOR_DISPOSED', 'the detector pool was disposed; create a new one');
      await Promise.all(threads.map((t) => submit({ method: 'warmup' }, t.own)));
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      await Promise.allSettled([...pending]);
      await Promise.allSettled(threads.map((t) => submit({ method: 'dispose' }, t.own)));
      const all = [...threads];
      threads.length = 0;
      await Promise.all(all.map((t) => t.worker.terminate()));
    },
  };
}
