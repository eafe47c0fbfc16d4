import type { Backend, ModelSource, Session } from './backend.js';
import { MtcnnError } from './errors.js';

/**
 * Where a model runs, in the words users pick from: `cpu` (onnxruntime-node), `wasm` (onnxruntime-web),
 * `webgpu`, or `auto` (the first of an ordered list that starts).
 */
export type Device = 'cpu' | 'wasm' | 'webgpu' | 'auto';

/** One option for {@link firstAvailableBackend}: a name for errors, and how to make the backend. */
export interface BackendCandidate {
  readonly name: string;
  readonly create: () => Backend | Promise<Backend>;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A backend that, for each model, uses the first candidate that can load it: a runtime that is missing, has
 * no adapter, or fails on that model falls through to the next. When none works, the error names every
 * candidate tried and why it failed (code BACKEND_UNAVAILABLE). Each candidate backend is created once.
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
    async createSession(model: ModelSource): Promise<Session> {
      const failures: string[] = [];
      for (const candidate of candidates) {
        try {
          return await (await backendOf(candidate)).createSession(model);
        } catch (error) {
          failures.push(`${candidate.name}: ${reason(error)}`);
        }
      }
      throw new MtcnnError(
        'BACKEND_UNAVAILABLE',
        `no backend could run the model; tried ${failures.join('; ')}`,
      );
    },
  };
}
