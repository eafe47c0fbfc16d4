// One worker lane of onnxNodeBackend, seen from the calling thread: its worker thread (lane-worker.ts) and the
// requests sent to it not yet answered.
import { Worker } from 'node:worker_threads';
import { MtcnnError } from '@mtcnn/core/backend-kit';
import type { ExitRequest, WorkerReply, WorkerRequest, WorkerStart } from './lane-protocol.js';

const WORKER_URL = new URL('./lane-worker.js', import.meta.url);

type Pending = {
  readonly resolve: (reply: WorkerReply) => void;
  readonly reject: (error: Error) => void;
};

export class WorkerLane {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private readonly exited: Promise<unknown>;
  /** Why the thread stopped, once it has. */
  stopped: Error | undefined;

  constructor(
    /** This lane's number in the claim table (≥ 1: the calling thread is lane 0). */
    readonly lane: number,
    private readonly backendName: string,
    claims: SharedArrayBuffer,
  ) {
    const start: WorkerStart = { claims, lane };
    // Not the caller's Node flags (a module-type or loader flag for its own entry would break this one).
    this.worker = new Worker(WORKER_URL, { execArgv: [], workerData: start });
    // An idle thread does not keep the process alive; one with requests in flight does (see send).
    this.worker.unref();
    this.worker.on('message', (reply: WorkerReply) => this.settle(reply.id)?.resolve(reply));
    this.worker.on('error', (error) => this.stop(error.message));
    this.worker.on('exit', (code) => this.stop(`exited with code ${code}`));
    this.exited = new Promise((resolve) => this.worker.once('exit', resolve));
  }

  /** Requests sent and not yet answered. */
  get waiting(): number {
    return this.pending.size;
  }

  /** Sends `request`; its reply, or a rejection if the thread stops first. */
  send(request: WorkerRequest): Promise<WorkerReply> {
    if (this.stopped) return Promise.reject(this.stopped);
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(request.id, { resolve, reject });
      this.worker.postMessage(request);
    });
  }

  private settle(id: number): Pending | undefined {
    const pending = this.pending.get(id);
    if (!pending) return undefined;
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
    return pending;
  }

  private stop(why: string): void {
    this.stopped ??= new MtcnnError(
      'INFERENCE_FAILED',
      `${this.backendName}: a worker lane stopped (${why})`,
    );
    for (const id of [...this.pending.keys()]) this.settle(id)?.reject(this.stopped);
  }

  /**
   * Ends the thread once it has finished the run in hand (lane-protocol.ts, ExitRequest): the offers it has not
   * claimed are left to the other lanes.
   */
  async terminate(): Promise<void> {
    const exit: ExitRequest = { kind: 'exit' };
    // Kept alive until it has gone, like a thread with requests in flight.
    this.worker.ref();
    this.worker.postMessage(exit);
    await this.exited;
  }
}
