/**
 * Runs jobs one at a time, in order. The page has one detector worker in use at a time (still images and
 * webcam frames share it) and swaps it when the backends change; the queue keeps those from overlapping.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.tail.then(job, job);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/**
 * Coalesces requests: while a job runs, further requests collapse into one rerun after it. Used for "re-run
 * on every option change" without queueing a detection per keystroke.
 */
export class LatestOnly {
  private running = false;
  private again = false;

  constructor(private readonly job: () => Promise<void>) {}

  request(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.loop();
  }

  private async loop(): Promise<void> {
    try {
      do {
        this.again = false;
        await this.job();
      } while (this.again);
    } finally {
      this.running = false;
    }
  }
}
