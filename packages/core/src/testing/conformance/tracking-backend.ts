import type { Backend, Session } from '../../backend.js';

/** What happened to one session a tracked backend created. */
export interface TrackedSession {
  readonly backend: string;
  /** Calls of `dispose()`, and how many of them completed. */
  disposeCalls: number;
  disposed: number;
  /** Runs started after `dispose()` was called, and how many of them the session refused. */
  runsAfterDispose: number;
  refusedAfterDispose: number;
  readonly session: Session;
}

/** A backend that keeps a record of every session it creates and of their disposal. */
export function trackingBackend(backend: Backend, sessions: TrackedSession[]): Backend {
  return {
    name: backend.name,
    async createSession(model) {
      const inner = await backend.createSession(model);
      const record: TrackedSession = {
        backend: backend.name,
        disposeCalls: 0,
        disposed: 0,
        runsAfterDispose: 0,
        refusedAfterDispose: 0,
        session: inner,
      };
      const session: Session = {
        inputNames: inner.inputNames,
        outputNames: inner.outputNames,
        // Runs started together still run together, as without tracking.
        ...(inner.concurrency === undefined ? {} : { concurrency: inner.concurrency }),
        run(feeds) {
          if (record.disposeCalls === 0) return inner.run(feeds);
          record.runsAfterDispose++;
          return inner.run(feeds).catch((error: unknown) => {
            record.refusedAfterDispose++;
            throw error;
          });
        },
        async dispose() {
          record.disposeCalls++;
          await inner.dispose();
          record.disposed++;
        },
      };
      sessions.push(record);
      return session;
    },
  };
}
