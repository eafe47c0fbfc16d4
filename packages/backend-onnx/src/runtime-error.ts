import { MtcnnError } from '@mtcnn/core/backend-kit';

/** Messages with which the runtimes say that a device cannot be used at all (as opposed to a bad model). */
const UNAVAILABLE = /GPU adapter|backend not found|no available backend|WebGPU is not supported/i;

function message(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // onnxruntime-node prefixes native errors with the C++ source location and the failed condition.
  return text.replace(/^\S+\.(?:cc|h):\d+ .*? was false\. /s, '').trim();
}

/**
 * A session-creation failure in the core's terms: a device the runtime cannot start becomes
 * BACKEND_UNAVAILABLE (so `auto` falls through and reports it); anything else is rethrown for the detector to
 * report as MODEL_LOAD_FAILED.
 */
export function sessionCreationError(backendName: string, error: unknown): Error {
  if (error instanceof MtcnnError) return error;
  const text = message(error);
  if (UNAVAILABLE.test(text)) {
    return new MtcnnError('BACKEND_UNAVAILABLE', `${backendName} cannot start here: ${text}`, {
      cause: error,
    });
  }
  return error instanceof Error ? error : new Error(text);
}

/** The error for a runtime package that cannot be imported. */
export function runtimeMissing(runtime: string, error: unknown): MtcnnError {
  const text = error instanceof Error ? error.message : String(error);
  return new MtcnnError('BACKEND_UNAVAILABLE', `${runtime} could not be loaded (is it installed?): ${text}`, {
    cause: error,
  });
}
