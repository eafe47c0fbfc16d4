import type { Backend, Model, Session } from './backend.js';
import { isMtcnnError, MtcnnError } from './errors.js';

/** One option for {@link firstAvailableBackend}: a name for errors, and how to make the backend. */
export interface BackendCandidate {
  readonly name: string;
  readonly create: () => Backend | Promise<Backend>;
}

/** "name: why", without repeating the name when the backend's own message starts with it. */
function describeFailure(name: string, error: unknown): string {
  const why = error instanceof Error ? error.message : String(error);
  return why.startsWith(name) ? why : `${name}: ${why}`;
}

/**
 * A backend that, for each model, uses the first candidate that can load it: a runtime that is missing, has
 * no adapter, or fails on that model falls through to the next. When none works, one error names every
 * candidate tried and why it failed: MODEL_LOAD_FAILED when every candidate started but rejected the model
 * (the model is at fault, not the machine), MISSING_DEPENDENCY when no candidate's runtime package is installed,
 * BACKEND_UNAVAILABLE otherwise. A missing runtime falls through as an unavailable one does. Each candidate is
 * created once.
 */
export function firstAvailableBackend(candidates: readonly BackendCandidate[]): Backend {
  if (candidates.length === 0)
    throw new MtcnnError('INVALID_OPTION', 'firstAvailableBackend needs at least one candidate');
  const created = new Map<string, Promise<Backend>>();
  const backendOf = (candidate: BackendCandidate) => {
    let backend = created.get(candidate.name);
    if (!backend) {
      backend = Promise.resolve().then(candidate.create);
      created.set(candidate.name, backend);
    }
    return backend;
  };
  return {
    name: candidates.map((c) => c.name).join(' | '),
    async createSession(model: Model): Promise<Session> {
      const failures: string[] = [];
      let anyUnavailable = false;
      // Counts candidates whose runtime package is not installed: when that is every one, the fix is an install.
      let missing = 0;
      const unavailable = (error: unknown) => {
        if (isMtcnnError(error, 'MISSING_DEPENDENCY')) missing++;
        return isMtcnnError(error, 'BACKEND_UNAVAILABLE') || isMtcnnError(error, 'MISSING_DEPENDENCY');
      };
      for (const candidate of candidates) {
        let backend: Backend;
        try {
          backend = await backendOf(candidate);
        } catch (error) {
          unavailable(error);
          anyUnavailable = true;
          failures.push(describeFailure(candidate.name, error));
          continue;
        }
        try {
          return await backend.createSession(model);
        } catch (error) {
          anyUnavailable = unavailable(error) || anyUnavailable;
          failures.push(describeFailure(candidate.name, error));
        }
      }
      const code =
        missing === candidates.length
          ? 'MISSING_DEPENDENCY'
          : anyUnavailable
            ? 'BACKEND_UNAVAILABLE'
            : 'MODEL_LOAD_FAILED';
      throw new MtcnnError(code, `no backend could run the model; tried ${failures.join('; ')}`);
    },
  };
}
