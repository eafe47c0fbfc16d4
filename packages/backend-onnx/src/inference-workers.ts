// The Node entry's inference lanes: worker threads, each with every model of the backend's sessions, plus the
// calling thread itself. A run goes to the lane with the least work queued, so runs started together (P-Net's
// pyramid bands, R-Net's and O-Net's crop batches in parts) share the cores. The calling thread is a lane
// because it is also where the JavaScript between runs goes on (resampling, decoding): with one worker per
// other core, every core has one thread and none waits for another's.
import { Worker } from 'node:worker_threads';
import { MtcnnError, type Tensor } from '@mtcnn/core';
import type * as OrtNode from 'onnxruntime-node';
import { LentBuffers } from './lent-buffers.js';
import { SessionHost } from './session-host.js';
import type { LentInput, WorkerReply, WorkerRequest } from './worker-protocol.js';

const WORKER_URL = new URL('./inference-worker.js', import.meta.url);

type Pending = {
  readonly resolve: (reply: WorkerReply) => void;
  readonly reject: (error: Error) => void;
  /** Input values queued with this request: what "least work" counts. */
  readonly cost: number;
};

/** Where runs execute: a worker thread, or the calling thread. */
interface Lane {
  /** Input values of the runs sent and not yet answered: what "least work" counts. */
  readonly queued: number;
  /** Why the lane stopped, once it has. */
  readonly stopped: Error | undefined;
  /** Whether run inputs are read where they are (the calling thread) rather than copied and transferred. */
  readonly sharesMemory: boolean;
  send(request: WorkerRequest, cost: number, transfer?: ArrayBuffer[]): Promise<WorkerReply>;
  terminate(): Promise<void>;
}

/** The calling thread as a lane: its runs block it while they run, as onnxruntime-node's runs always do. */
class CallerLane implements Lane {
  private readonly host = new SessionHost();
  queued = 0;
  readonly stopped = undefined;
  readonly sharesMemory = true;

  async send(request: WorkerRequest, cost: number): Promise<WorkerReply> {
    this.queued += cost;
    try {
      return await this.host.answer(request);
    } finally {
      this.queued -= cost;
    }
  }

  async terminate(): Promise<void> {
    await this.host.releaseAll();
  }
}

/** One worker thread and what it has been asked and not yet answered. */
class InferenceThread implements Lane {
  readonly sharesMemory = false;
  readonly worker: Worker;
  readonly pending = new Map<number, Pending>();
  queued = 0;
  /** Why the thread stopped, once it has. */
  stopped: Error | undefined;

  constructor(
    private readonly backendName: string,
    private readonly buffers: LentBuffers,
  ) {
    // Not the caller's Node flags (a module-type or loader flag for its own entry would break this one).
    this.worker = new Worker(WORKER_URL, { execArgv: [] });
    // An idle thread does not keep the process alive; one with requests in flight does (see send).
    this.worker.unref();
    this.worker.on('message', (reply: WorkerReply) => this.answer(reply));
    this.worker.on('error', (error) => this.stop(error.message));
    this.worker.on('exit', (code) => this.stop(`exited with code ${code}`));
  }

  send(request: WorkerRequest, cost: number, transfer: ArrayBuffer[] = []): Promise<WorkerReply> {
    if (this.stopped) return Promise.reject(this.stopped);
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(request.id, { resolve, reject, cost });
      this.queued += cost;
      this.worker.postMessage(request, transfer);
    });
  }

  private settle(id: number): Pending | undefined {
    const pending = this.pending.get(id);
    if (!pending) return undefined;
    this.pending.delete(id);
    this.queued -= pending.cost;
    if (this.pending.size === 0) this.worker.unref();
    return pending;
  }

  private answer(reply: WorkerReply): void {
    if (reply.returned) this.buffers.giveBack(reply.returned);
    this.settle(reply.id)?.resolve(reply);
  }

  private stop(why: string): void {
    this.stopped ??= new MtcnnError(
      'INFERENCE_FAILED',
      `${this.backendName}: an inference worker thread stopped (${why})`,
    );
    for (const id of [...this.pending.keys()]) this.settle(id)?.reject(this.stopped);
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }
}

/** A session's names, as loaded in every thread. */
export interface LoadedModel {
  readonly session: number;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
}

function failure(reply: WorkerReply): Error | undefined {
  return reply.error === undefined ? undefined : new Error(reply.error);
}

export class InferenceWorkers {
  private readonly threads: Lane[];
  private readonly buffers = new LentBuffers();
  private nextId = 0;

  /** `workers` worker threads, and the calling thread as one more lane. */
  constructor(
    workers: number,
    private readonly backendName: string,
  ) {
    this.threads = Array.from(
      { length: workers },
      (): Lane => new InferenceThread(backendName, this.buffers),
    );
    // Last: on a tie the work goes to a worker, which starts at once, while the caller is still busy.
    this.threads.push(new CallerLane());
  }

  /** Lanes: runs that make progress at once. */
  get size(): number {
    return this.threads.length;
  }

  /** Loads the model in every thread; if any fails, the others release it and the first error is thrown. */
  async load(
    model: string | Uint8Array,
    options: OrtNode.InferenceSession.SessionOptions,
  ): Promise<LoadedModel> {
    const session = this.nextId++;
    const replies = await Promise.allSettled(
      this.threads.map((t) => t.send({ kind: 'load', id: this.nextId++, session, model, options }, 0)),
    );
    const errors = replies.map((r) => (r.status === 'rejected' ? (r.reason as Error) : failure(r.value)));
    const error = errors.find((e) => e !== undefined);
    if (error) {
      await this.release(session);
      throw error;
    }
    const first = (replies[0] as PromiseFulfilledResult<WorkerReply>).value;
    return { session, inputNames: first.inputNames ?? [], outputNames: first.outputNames ?? [] };
  }

  /** Runs session `session` on the running lane with the least work queued (the caller's always runs). */
  async run(session: number, feeds: Readonly<Record<string, Tensor>>): Promise<Record<string, Tensor>> {
    const live = this.threads.filter((t) => !t.stopped);
    const thread = live.reduce((best, t) => (t.queued < best.queued ? t : best));
    const inputs: LentInput[] = Object.entries(feeds).map(([name, { data, dims }]) => ({
      name,
      ...(thread.sharesMemory
        ? { buffer: data.buffer as ArrayBuffer, byteOffset: data.byteOffset }
        : { buffer: this.buffers.copyOf(data) }),
      length: data.length,
      dims: [...dims],
    }));
    const cost = inputs.reduce((sum, i) => sum + i.length, 0);
    const transfer = thread.sharesMemory ? [] : inputs.map((i) => i.buffer);
    const reply = await thread.send({ kind: 'run', id: this.nextId++, session, inputs }, cost, transfer);
    const error = failure(reply);
    if (error)
      throw new MtcnnError('INFERENCE_FAILED', `${this.backendName}: ${error.message}`, { cause: error });
    const out: Record<string, Tensor> = {};
    for (const o of reply.outputs ?? []) out[o.name] = { data: o.data, dims: o.dims };
    return out;
  }

  /** Releases session `session` in every running thread. */
  async release(session: number): Promise<void> {
    await Promise.allSettled(
      this.threads
        .filter((t) => !t.stopped)
        .map((t) => t.send({ kind: 'release', id: this.nextId++, session }, 0)),
    );
  }

  /** Stops every thread; their sessions go with them. */
  async terminate(): Promise<void> {
    await Promise.allSettled(this.threads.map((t) => t.terminate()));
  }
}
