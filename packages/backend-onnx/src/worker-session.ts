import { MtcnnError, type Session, type Tensor } from '@mtcnn/core';
import type { InferenceWorkers, LoadedModel } from './inference-workers.js';

/** The core's Session contract over one model loaded in every inference worker thread. */
export class WorkerSession implements Session {
  private readonly pending = new Set<Promise<unknown>>();
  private released: Promise<void> | undefined;

  constructor(
    private readonly workers: InferenceWorkers,
    private readonly model: LoadedModel,
    private readonly backendName: string,
    /** Called once this session is released (the backend stops its threads after the last one). */
    private readonly onReleased: () => Promise<void>,
  ) {}

  get inputNames(): readonly string[] {
    return this.model.inputNames;
  }

  get outputNames(): readonly string[] {
    return this.model.outputNames;
  }

  /** One run per thread makes progress at once. */
  get concurrency(): number {
    return this.workers.size;
  }

  run(feeds: Readonly<Record<string, Tensor>>): Promise<Record<string, Tensor>> {
    if (this.released) {
      return Promise.reject(
        new MtcnnError('INFERENCE_FAILED', `the ${this.backendName} session was released`),
      );
    }
    const result = this.workers.run(this.model.session, feeds);
    this.pending.add(result);
    const forget = () => this.pending.delete(result);
    result.then(forget, forget);
    return result;
  }

  /** Lets runs already started finish, then releases the model in every thread. Calling it again is harmless. */
  dispose(): Promise<void> {
    this.released ??= (async () => {
      await Promise.allSettled([...this.pending]);
      await this.workers.release(this.model.session);
      await this.onReleased();
    })();
    return this.released;
  }
}
