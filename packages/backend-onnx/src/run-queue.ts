/**
 * Runs tasks one after another. onnxruntime-web rejects a second `run` on a session while one is in flight
 * ("Session already started"), and WebGPU devices are single queues anyway, so the adapter funnels every run
 * of a session through one of these.
 */
export class RunQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** Starts `task` once every task enqueued before it has settled; a failed task does not stop the queue. */
  enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Settles once every task enqueued so far has settled. */
  async idle(): Promise<void> {
    await this.tail;
  }
}
