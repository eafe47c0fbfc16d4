// A backend wrapper that adds up the time spent inside session.run, so that a stage's time splits into
// model inference and the JavaScript pre/post-processing around it.
import type { Backend, Model, Session } from '@mtcnn/core';
import type { Tensor } from '@mtcnn/core/backend-kit';

/**
 * Time and calls spent in one stage's session since the last reset. Runs may overlap (a session on worker
 * threads runs several at once): `ms` is the time during which at least one run was in flight, so that the
 * rest of the stage's time is JavaScript that ran with no model running.
 */
export class RunMeter {
  ms = 0;
  calls = 0;
  private inFlight = 0;
  private busySince = 0;

  reset(): void {
    this.ms = 0;
    this.calls = 0;
  }

  started(): void {
    if (this.inFlight++ === 0) this.busySince = now();
  }

  ended(): void {
    this.calls++;
    if (--this.inFlight === 0) this.ms += now() - this.busySince;
  }
}

function now(): number {
  return performance.now();
}

class TimedSession implements Session {
  constructor(
    private readonly inner: Session,
    private readonly meter: RunMeter,
  ) {}

  get inputNames() {
    return this.inner.inputNames;
  }

  get outputNames() {
    return this.inner.outputNames;
  }

  get concurrency() {
    return this.inner.concurrency;
  }

  get inputMemory() {
    return this.inner.inputMemory;
  }

  async run(feeds: Readonly<Record<string, Tensor>>): Promise<Record<string, Tensor>> {
    this.meter.started();
    try {
      return await this.inner.run(feeds);
    } finally {
      this.meter.ended();
    }
  }

  dispose(): Promise<void> {
    return this.inner.dispose();
  }
}

/** `backend`, with every session it creates metered into `meter`. */
export function timedBackend(backend: Backend, meter: RunMeter): Backend {
  return {
    name: backend.name,
    async createSession(model: Model) {
      return new TimedSession(await backend.createSession(model), meter);
    },
  };
}
