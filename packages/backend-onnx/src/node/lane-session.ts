import type { Session, Tensor } from '@mtcnn/core/backend-kit';
import { SessionRuns } from '../session-runs.js';
import type { Lanes, LoadedModel } from './lanes.js';

/** The core's Session contract over one model loaded in every lane (each worker thread and the caller). */
export class LaneSession implements Session {
  private readonly runs: SessionRuns;
  /** Inputs in shared memory are offered to every worker lane without a copy (lanes.ts). */
  readonly inputMemory = 'shared';

  constructor(
    private readonly lanes: Lanes,
    private readonly model: LoadedModel,
    backendName: string,
    /** Called once this session is released (the backend stops its lanes after the last one). */
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

  /** One run per lane makes progress at once. */
  get concurrency(): number {
    return this.lanes.size;
  }

  run(feeds: Readonly<Record<string, Tensor>>): Promise<Record<string, Tensor>> {
    return this.runs.start(() => this.lanes.run(this.model.session, feeds));
  }

  /** Lets runs already started finish, then releases the model in every lane. Calling it again is harmless. */
  dispose(): Promise<void> {
    return this.runs.release(async () => {
      await this.lanes.release(this.model.session);
      await this.onReleased();
    });
  }
}
