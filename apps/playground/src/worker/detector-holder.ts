import { DetectorClient } from './detector-client.js';
import type { DetectorConfig } from './protocol.js';

/**
 * Keeps one detector worker for the current configuration: asking for another configuration starts a new
 * worker and disposes the old one (after the calls it has in flight).
 */
export class DetectorHolder {
  private current: { key: string; loading: Promise<{ client: DetectorClient; loadMs: number }> } | undefined;

  /** Whether the current worker already serves this configuration (so `get` will not load models). */
  has(config: DetectorConfig): boolean {
    return this.current?.key === JSON.stringify(config);
  }

  /** The client for this configuration; `loadMs` is how long its models took to load. */
  async get(config: DetectorConfig): Promise<{ client: DetectorClient; loadMs: number }> {
    const key = JSON.stringify(config);
    if (this.current?.key !== key) {
      const previous = this.current;
      const loading = DetectorClient.create(config);
      this.current = { key, loading };
      // A failed load is forgotten, so that the next request tries again.
      loading.catch(() => {
        if (this.current?.loading === loading) this.current = undefined;
      });
      if (previous) void previous.loading.then(({ client }) => client.dispose()).catch(() => undefined);
    }
    return this.current!.loading;
  }

  async dispose(): Promise<void> {
    const previous = this.current;
    this.current = undefined;
    if (previous) await previous.loading.then(({ client }) => client.dispose()).catch(() => undefined);
  }
}
