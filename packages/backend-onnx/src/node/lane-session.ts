import type { Session, Tensor } from '@mtcnn/core/backend-kit';
import { SessionRuns } from '../session-runs.js';
import type { Lanes, LoadedModel } from './lanes.js';

/** The core's Session contract over one model loaded in every lane (each worker thread and the caller). */
export class LaneSession implements Session {
  private readonly runs: SessionRuns;

  constructor(
    private readonly workers: Lanes,
    private readonly model: LoadedModel,
    backendName: string,
    /** Called once this session is released (the backend stops its threads after the last one). */
    private readonly onReleased: () => Promise<void>,
  ) {
    this.runs = new SessionRuns(backendName);
  }

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
    return this.runs.start(() => this.workers.run(this.model.session, feeds));
  }

  /** Lets runs already started finish, then releases the model in every thread. Calling it again is harmless. */
  dispose(): Promise<void> {
    return this.runs.release(async () => {
      await this.workers.release(this.model.session);
      await this.onReleased();
    });
  }
}
