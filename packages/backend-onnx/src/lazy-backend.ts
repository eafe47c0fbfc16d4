import { type Backend, isMtcnnError, type Model, MtcnnError } from '@mtcnn/core/backend-kit';

/**
 * A backend whose module is imported on its first session, so that choosing a device loads nothing until a
 * model is loaded on it. A module that cannot be imported is BACKEND_UNAVAILABLE (so `auto` falls through),
 * or MISSING_DEPENDENCY as the loader says; tried again next time.
 */
export function lazyBackend(name: string, load: () => Promise<Backend>): Backend {
  let loaded: Promise<Backend> | undefined;
  return {
    name,
    async createSession(model: Model) {
      loaded ??= load().catch((cause: unknown) => {
        loaded = undefined;
        if (isMtcnnError(cause, 'MISSING_DEPENDENCY')) throw cause;
        const why = cause instanceof Error ? cause.message : String(cause);
        throw new MtcnnError('BACKEND_UNAVAILABLE', `${name} could not be loaded: ${why}`, { cause });
      });
      return (await loaded).createSession(model);
    },
  };
}
