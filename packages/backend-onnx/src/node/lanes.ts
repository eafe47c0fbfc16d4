// The lanes of onnxNodeBackend: worker threads, each with every model of the backend's sessions, plus the
// calling thread itself, which is where the JavaScript between runs goes on (resampling, cropping, decoding).
//
// Runs are shared out by taking, not by sending: every run is offered to a worker thread (its input copied
// there) and also left for the calling thread, and the first of the two to start it claims it (run-claims.ts).
// A worker takes its offers oldest first, one at a time, the moment it is free, even while the calling thread is
// busy with a run of its own (which blocks it: onnxruntime-node runs synchronously) and cannot send anything.
// The calling thread takes the largest open run whenever it has nothing else to do. So the runs started together
// (P-Net's pyramid bands, R-Net's and O-Net's crop batches in parts) keep every core busy until the last,
// however long each turns out to take and however much JavaScript the calling thread has to do in between.
import { MtcnnError, type Tensor } from '@mtcnn/core/backend-kit';
import type * as OrtNode from 'onnxruntime-node';
import type { LentInput, WorkerReply } from './lane-protocol.js';
import { LentBuffers } from './lent-buffers.js';
import { RunClaims } from './run-claims.js';
import { SessionHost } from './session-host.js';
import { WorkerLane } from './worker-lane.js';

/** Runs open at once that can be offered to a worker; more wait for the calling thread. */
const CLAIM_SLOTS = 4096;

/** A session's names, as loaded in every thread. */
export interface LoadedModel {
  readonly session: number;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
}

/** A run not yet answered. */
interface Run {
  readonly id: number;
  readonly session: number;
  readonly feeds: Readonly<Record<string, Tensor>>;
  /** Its input values: the size of the work. */
  readonly cost: number;
  /** Its claim slot while a worker was offered it too. */
  readonly slot: number | undefined;
  readonly resolve: (outputs: Record<string, Tensor>) => void;
  readonly reject: (error: Error) => void;
  /** Claimed by the calling thread. */
  takenHere: boolean;
  settled: boolean;
}

function failure(reply: WorkerReply): Error | undefined {
  return reply.error === undefined ? undefined : new Error(reply.error);
}

export class Lanes {
  private readonly threads: WorkerLane[];
  private readonly caller = new SessionHost();
  private readonly claims = new RunClaims(CLAIM_SLOTS);
  private readonly buffers = new LentBuffers();
  /** Runs the calling thread may still take, oldest first. */
  private readonly open: Run[] = [];
  /** Whether the calling thread is taking runs (or about to). */
  private taking = false;
  private nextId = 0;

  /** `workers` worker threads, and the calling thread as one more lane. */
  constructor(
    workers: number,
    private readonly backendName: string,
  ) {
    this.threads = Array.from(
      { length: workers },
      () => new WorkerLane(backendName, this.buffers, { claims: this.claims.buffer }),
    );
  }

  /** Lanes: runs that make progress at once. */
  get size(): number {
    return this.threads.length + 1;
  }

  private live(): WorkerLane[] {
    return this.threads.filter((t) => !t.stopped);
  }

  /** Loads the model in every thread; if any fails, the others release it and the first error is thrown. */
  async load(
    model: string | Uint8Array,
    options: OrtNode.InferenceSession.SessionOptions,
  ): Promise<LoadedModel> {
    const session = this.nextId++;
    const replies = await Promise.allSettled([
      this.caller.answer({ kind: 'load', id: this.nextId++, session, model, options }),
      ...this.live().map((t) => t.send({ kind: 'load', id: this.nextId++, session, model, options })),
    ]);
    const errors = replies.map((r) => (r.status === 'rejected' ? (r.reason as Error) : failure(r.value)));
    const error = errors.find((e) => e !== undefined);
    if (error) {
      await this.release(session);
      throw error;
    }
    const first = (replies[0] as PromiseFulfilledResult<WorkerReply>).value;
    return { session, inputNames: first.inputNames ?? [], outputNames: first.outputNames ?? [] };
  }

  /** Runs session `session` on whichever lane takes it first. */
  run(session: number, feeds: Readonly<Record<string, Tensor>>): Promise<Record<string, Tensor>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const thread = this.live().reduce<WorkerLane | undefined>(
        (best, t) => (best === undefined || t.queued < best.queued ? t : best),
        undefined,
      );
      const slot = thread ? this.claims.open(id) : undefined;
      const cost = Object.values(feeds).reduce((sum, t) => sum + t.data.length, 0);
      const run: Run = { id, session, feeds, cost, slot, resolve, reject, takenHere: false, settled: false };
      if (thread && slot !== undefined) this.offer(thread, run, slot);
      this.open.push(run);
      this.takeSoon();
    });
  }

  /** Offers `run` to a worker thread: a copy of its input goes there, to be run if the worker claims it first. */
  private offer(thread: WorkerLane, run: Run, slot: number): void {
    const inputs: LentInput[] = Object.entries(run.feeds).map(([name, { data, dims }]) => ({
      name,
      buffer: this.buffers.copyOf(data),
      length: data.length,
      dims: [...dims],
    }));
    const request = { kind: 'run', id: run.id, session: run.session, inputs, claim: slot } as const;
    thread
      .send(
        request,
        run.cost,
        inputs.map((i) => i.buffer),
      )
      .then(
        (reply) => {
          // Taken by the calling thread, which answers it itself.
          if (!reply.taken) this.settle(run, reply);
        },
        (stopped: Error) => {
          // A run the thread never claimed is still open: the calling thread takes it.
          if (!run.takenHere && !this.claims.isOpen(slot, run.id)) this.settle(run, { id: run.id }, stopped);
        },
      );
  }

  /** Has the calling thread take open runs once it is free (not within the code that started them). */
  private takeSoon(): void {
    if (this.taking) return;
    this.taking = true;
    setImmediate(() => void this.takeOpenRuns());
  }

  /**
   * The largest open run the calling thread can claim (the oldest of equals). The workers take theirs in the
   * order they were offered, which for P-Net's bands is largest first: so the biggest runs start first, and
   * the small ones fill in at the end, wherever a lane comes free.
   */
  private claimLargest(): Run | undefined {
    for (;;) {
      let best: number | undefined;
      for (let k = 0; k < this.open.length; k++) {
        if (best === undefined || this.open[k]!.cost > this.open[best]!.cost) best = k;
      }
      if (best === undefined) return undefined;
      const [run] = this.open.splice(best, 1) as [Run];
      if (run.slot === undefined || this.claims.claim(run.slot, run.id)) {
        run.takenHere = true;
        return run;
      }
    }
  }

  private async takeOpenRuns(): Promise<void> {
    for (let run = this.claimLargest(); run; run = this.claimLargest()) {
      // The calling thread reads the input where it is.
      const inputs: LentInput[] = Object.entries(run.feeds).map(([name, { data, dims }]) => ({
        name,
        buffer: data.buffer as ArrayBuffer,
        byteOffset: data.byteOffset,
        length: data.length,
        dims: [...dims],
      }));
      this.settle(run, await this.caller.answer({ kind: 'run', id: run.id, session: run.session, inputs }));
    }
    this.taking = false;
  }

  /** Answers `run` with `reply`'s outputs, or fails it with the reply's error or `error`. */
  private settle(run: Run, reply: WorkerReply, error = failure(reply)): void {
    if (run.settled) return;
    run.settled = true;
    if (run.slot !== undefined) this.claims.close(run.slot);
    if (error) {
      run.reject(
        error instanceof MtcnnError
          ? error
          : new MtcnnError('INFERENCE_FAILED', `${this.backendName}: ${error.message}`, { cause: error }),
      );
      return;
    }
    const out: Record<string, Tensor> = {};
    for (const o of reply.outputs ?? []) out[o.name] = { data: o.data, dims: o.dims };
    run.resolve(out);
  }

  /** Releases session `session` in every running thread. */
  async release(session: number): Promise<void> {
    await Promise.allSettled([
      this.caller.answer({ kind: 'release', id: this.nextId++, session }),
      ...this.live().map((t) => t.send({ kind: 'release', id: this.nextId++, session })),
    ]);
  }

  /** Stops every thread; their sessions go with them. */
  async terminate(): Promise<void> {
    await Promise.allSettled([this.caller.releaseAll(), ...this.threads.map((t) => t.terminate())]);
  }
}
