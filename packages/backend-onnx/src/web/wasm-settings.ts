import { MtcnnError } from '@mtcnn/core/backend-kit';

/** Where onnxruntime-web finds its .wasm and .mjs files: a URL prefix, or each file's URL. */
export type WasmPaths = string | { readonly wasm?: string | URL; readonly mjs?: string | URL };

/** Settings of onnxruntime-web's WebAssembly runtime. They are global and fixed once the runtime starts. */
export interface WasmRuntimeSettings {
  readonly numThreads?: number;
  readonly wasmPaths?: WasmPaths;
  readonly proxy?: boolean;
}

/** The part of onnxruntime-web's `env` these settings go to. */
export interface WasmEnvLike {
  numThreads?: number;
  wasmPaths?: WasmPaths;
  proxy?: boolean;
}

const applied = new WeakMap<WasmEnvLike, WasmRuntimeSettings>();

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Applies the settings before the runtime's first session. onnxruntime-web reads them once, so a later backend
 * asking for different values would silently not get them: that is refused with INVALID_OPTION instead.
 */
export function applyWasmSettings(env: WasmEnvLike, settings: WasmRuntimeSettings): void {
  const before = applied.get(env);
  const keys = (['numThreads', 'wasmPaths', 'proxy'] as const).filter((k) => settings[k] !== undefined);
  if (before) {
    const conflicts = keys.filter((k) => !same(before[k], settings[k]));
    if (conflicts.length > 0) {
      const what = conflicts.map(
        (k) => `${k} ${JSON.stringify(before[k])} (asked ${JSON.stringify(settings[k])})`,
      );
      throw new MtcnnError(
        'INVALID_OPTION',
        `onnxruntime-web's WebAssembly runtime is already set up with ${what.join(', ')}; these settings apply once per page`,
      );
    }
    applied.set(env, { ...before, ...settings });
    return;
  }
  for (const k of keys) (env as Record<string, unknown>)[k] = settings[k];
  applied.set(env, { ...settings });
}
