// One worker lane of onnxNodeBackend, seen from the calling thread: its worker thread (lane-worker.ts) and the
// requests sent to it not yet answered.
import { Worker } from 'node:worker_threads';
import { MtcnnError } from '@mtcnn/core/backend-kit';
import type { WorkerReply, WorkerRequest, WorkerStart } from './lane-protocol.js';
import type { LentBuffers } from './lent-buffers.js';

const WORKER_URL = new URL('./lane-worker.js', import.meta.url);

type Pending = {
  readonly resolve: (reply: WorkerReply) => void;
  readonly reject: (error: Error) => void;
  readonly cost: number;
};

export class WorkerLane {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  /** Input values of the runs sent and not yet answered: how busy the thread is. */
  queued = 0;
  /** Why the thread stopped, once it has. */
  stopped: Error | undefined;

  constructor(
    private readonly backendName: string,
    private readonly buffers: LentBuffers,
    start: WorkerStart,
  ) {
    // Not the caller's Node flags (a module-type or loader flag for its own entry would break this one).
    this.worker = new Worker(WORKER_URL, { execArgv: [], workerData: start });
    // An idle thread does not keep the process alive; one with requests in flight does (see send).
    this.worker.unref();
    this.worker.on('message', (reply: WorkerReply) => this.answer(reply));
    this.worker.on('error', (error) => this.stop(error.message));
    this.worker.on('exit', (code) => this.stop(`exited with code ${code}`));
  }

  /** Sends `request`; its reply, or a rejection if the thread stops first. `transfer` moves lent buffers. */
  send(request: WorkerRequest, cost = 0, transfer: ArrayBuffer[] = []): Promise<WorkerReply> {
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
      `${this.backendName}: a worker lane stopped (${why})`,
    );
    for (const id of [...this.pending.keys()]) this.settle(id)?.reject(this.stopped);
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }
}
