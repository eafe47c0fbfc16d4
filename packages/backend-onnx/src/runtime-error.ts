import { isMissingPackage, MtcnnError, missingDependency } from '@mtcnn/core/backend-kit';

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

/** What each runtime serves, and what works without it, for the MISSING_DEPENDENCY message. */
const RUNTIME_ROLE: Readonly<Record<string, { neededFor: string; withoutIt: string }>> = {
  'onnxruntime-node': {
    neededFor: "devices 'cpu' and 'webgpu' in Node",
    withoutIt: "device 'wasm' runs on onnxruntime-web without it",
  },
  'onnxruntime-web': {
    neededFor: "device 'wasm', and the browser's 'webgpu'",
    withoutIt: "in Node, device 'cpu' runs on onnxruntime-node without it",
  },
};

/**
 * The error for a runtime package that cannot be imported: MISSING_DEPENDENCY when the package is not installed
 * (the message says how to install it), BACKEND_UNAVAILABLE when it is there but fails to load. Both make `auto`
 * fall through to the next device.
 */
export function runtimeMissing(runtime: string, error: unknown): MtcnnError {
  const role = RUNTIME_ROLE[runtime];
  if (role && isMissingPackage(error, runtime)) {
    return missingDependency(runtime, role.neededFor, role.withoutIt, error);
  }
  const text = error instanceof Error ? error.message : String(error);
  return new MtcnnError('BACKEND_UNAVAILABLE', `${runtime} could not be loaded: ${text}`, {
    cause: error,
  });
}
