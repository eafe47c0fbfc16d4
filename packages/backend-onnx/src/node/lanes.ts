// The lanes of onnxNodeBackend: worker threads (worker-lane.ts), each with every model of the backend's
// sessions, plus the calling thread itself, which is where the JavaScript between runs goes on (resampling,
// cropping, decoding).
//
// Runs are shared out by taking, not by sending: every run is offered to every worker lane and also left for
// the calling thread, and the first lane to start it claims it in a shared table (run-claims.ts); the others
// answer `taken` without reading it. A worker takes its offers oldest first, one at a time, the moment it is free,
// even while the calling thread is busy with a run of its own (which blocks it: onnxruntime-node runs
// synchronously) and cannot send anything. The calling thread takes the largest open run whenever it has nothing
// else to do. So the runs started together (P-Net's pyramid bands, R-Net's and O-Net's crop batches in parts)
// keep every core busy until the last, however long each turns out to take and however much JavaScript the
// calling thread has to do in between.
//
// Inputs are offered in shared memory, so an offer copies nothing (input-memory.ts): stages hand these sessions
// shared inputs (`inputMemory: 'shared'`); another input is copied once into shared memory to be offered, and
// run as it is if the calling thread takes it. The lane that runs a shared input copies it into its own
// thread's memory first. A run settles only after the lane that claimed it has finished with its input, and
// the lanes that did not claim it never read it: so once a run settles, its input is the caller's again.
import { MtcnnError, type Tensor } from '@mtcnn/core/backend-kit';
import type * as OrtNode from 'onnxruntime-node';
import { InputCopies, isShared } from './input-memory.js';
import type { RunInput, WorkerReply } from './lane-protocol.js';
import { RunClaims } from './run-claims.js';
import { SessionHost } from './session-host.js';
import { WorkerLane } from './worker-lane.js';

/** Runs open at once that can be offered to the workers; more wait for the calling thread. */
const CLAIM_SLOTS = 4096;

/** The calling thread's lane number in the claim table. */
const CALLER = 0;

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
  /** Its inputs as the caller gave them. */
  readonly inputs: readonly RunInput[];
  /** Its input values: the size of the work. */
  readonly cost: number;
  /** Its claim slot while the workers were offered it too. */
  readonly slot: number | undefined;
  /** Copies in shared memory of inputs that were not, made to offer it; given back when it settles. */
  readonly offeredCopies: Float32Array[];
  readonly resolve: (outputs: Record<string, Tensor>) => void;
  readonly reject: (error: Error) => void;
  settled: boolean;
}

function failure(reply: WorkerReply): Error | undefined {
  return reply.error === undefined ? undefined : new Error(reply.error);
}

export class Lanes {
  /** The worker lanes, lanes 1… of the claim table. */
  readonly workers: readonly WorkerLane[];
  private readonly caller = new SessionHost();
  private readonly claims = new RunClaims(CLAIM_SLOTS);
  private readonly sharedCopies = new InputCopies('shared');
  /** Runs each lane has run: the calling thread's first, then each worker's. */
  private readonly ran: number[];
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
    this.workers = Array.from(
      { length: workers },
      (_, k) => new WorkerLane(k + 1, backendName, this.claims.buffer),
    );
    this.ran = new Array<number>(workers + 1).fill(0);
  }

  /** Lanes: runs that make progress at once. */
  get size(): number {
    return this.workers.length + 1;
  }

  /** Runs each lane has run so far: the calling thread's count first, then each worker lane's. */
  get runsPerLane(): readonly number[] {
    return [...this.ran];
  }

  private live(): WorkerLane[] {
    return this.workers.filter((w) => !w.stopped);
  }

  /** Loads the model in every lane; if any fails, the others release it and the first error is thrown. */
  async load(
    model: string | Uint8Array,
    options: OrtNode.InferenceSession.SessionOptions,
  ): Promise<LoadedModel> {
    const session = this.nextId++;
    const replies = await Promise.allSettled([
      this.caller.answer({ kind: 'load', id: this.nextId++, session, model, options }),
      ...this.live().map((w) => w.send({ kind: 'load', id: this.nextId++, session, model, options })),
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
      const workers = this.live();
      const slot = workers.length > 0 ? this.claims.open(id) : undefined;
      const inputs = Object.entries(feeds).map(([name, { data, dims }]) => ({ name, data, dims: [...dims] }));
      const cost = inputs.reduce((sum, i) => sum + i.data.length, 0);
      const run: Run = {
        id,
        session,
        inputs,
        cost,
        slot,
        offeredCopies: [],
        resolve,
        reject,
        settled: false,
      };
      if (slot !== undefined) this.offer(workers, run, slot);
      this.open.push(run);
      this.takeSoon();
    });
  }

  /** Offers `run` to every worker lane, its inputs in shared memory: the first to claim it runs it. */
  private offer(workers: readonly WorkerLane[], run: Run, slot: number): void {
    const inputs = run.inputs.map((input) => {
      if (isShared(input.data)) return input;
      const data = this.sharedCopies.copy(input.data);
      run.offeredCopies.push(data);
      return { ...input, data };
    });
    const request = { kind: 'run', id: run.id, session: run.session, inputs, claim: slot } as const;
    for (const worker of workers) {
      worker.send(request).then(
        (reply) => {
          if (reply.taken) return;
          this.ran[worker.lane]!++;
          this.settle(run, reply);
        },
        (stopped: Error) => {
          // A run the worker never claimed is still open to the others; one it was running fails with it.
          if (!run.settled && this.claims.claimer(slot) === worker.lane)
            this.settle(run, { id: run.id }, stopped);
        },
      );
    }
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
      if (run.settled) continue;
      if (run.slot === undefined || this.claims.claim(run.slot, run.id, CALLER)) return run;
    }
  }

  private async takeOpenRuns(): Promise<void> {
    for (let run = this.claimLargest(); run; run = this.claimLargest()) {
      // The caller's own inputs, not the shared copies made for the workers.
      const reply = await this.caller.answer({
        kind: 'run',
        id: run.id,
        session: run.session,
        inputs: run.inputs,
      });
      this.ran[CALLER]!++;
      this.settle(run, reply);
    }
    this.taking = false;
  }

  /** Answers `run` with `reply`'s outputs, or fails it with the reply's error or `error`. */
  private settle(run: Run, reply: WorkerReply, error = failure(reply)): void {
    if (run.settled) return;
    run.settled = true;
    // Its claim is over and no lane reads its inputs any more: slot and copies can serve the next runs.
    if (run.slot !== undefined) this.claims.close(run.slot);
    this.sharedCopies.release(run.offeredCopies);
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

  /** Releases session `session` in every running lane. */
  async release(session: number): Promise<void> {
    await Promise.allSettled([
      this.caller.answer({ kind: 'release', id: this.nextId++, session }),
      ...this.live().map((w) => w.send({ kind: 'release', id: this.nextId++, session })),
    ]);
  }

  /** Stops every worker lane; the sessions go with them. */
  async terminate(): Promise<void> {
    await Promise.allSettled([this.caller.releaseAll(), ...this.workers.map((w) => w.terminate())]);
  }
}
