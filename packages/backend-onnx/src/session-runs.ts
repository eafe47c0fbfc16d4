import { MtcnnError } from '@mtcnn/core/backend-kit';

/**
 * The runs of one session and its release, as every Session here handles them: a run after dispose is refused
 * with INFERENCE_FAILED, and dispose lets the runs already started finish before it releases the runtime's
 * session (once, however often it is called).
 */
export class SessionRuns {
  private readonly pending = new Set<Promise<unknown>>();
  private released: Promise<void> | undefined;

  constructor(private readonly backendName: string) {}

  /** Starts `work` and keeps track of it, unless the session was released. */
  start<T>(work: () => Promise<T>): Promise<T> {
    if (this.released) {
      return Promise.reject(
        new MtcnnError('INFERENCE_FAILED', `the ${this.backendName} session was released`),
      );
    }
    const result = work();
    this.pending.add(result);
    const forget = () => this.pending.delete(result);
    result.then(forget, forget);
    return result;
  }

  /** Waits for the runs in flight, then calls `release`; later calls return the same promise. */
  release(release: () => Promise<void>): Promise<void> {
    this.released ??= (async () => {
      await Promise.allSettled([...this.pending]);
      await release();
    })();
    return this.released;
  }
}
