// Where each device runs in Node: the one place that maps the core's device words to backends.
import { onnxNodeBackend } from '@mtcnn/backend-onnx/node';

/** Where a stage runs (moves to @mtcnn/backend-onnx with the device vocabulary). */
type Device = 'cpu' | 'wasm' | 'webgpu' | 'auto';

import { type Backend, firstAvailableBackend, type Model, MtcnnError } from '@mtcnn/core';

export type { Device };

/** Every device word `createDetector` and `--backend` accept. */
export const DEVICES: readonly Device[] = ['cpu', 'wasm', 'webgpu', 'auto'];

/** What `auto` tries in Node, in order: the native CPU runtime, then WebAssembly where it is not available. */
export const AUTO_ORDER: readonly Exclude<Device, 'auto'>[] = ['cpu', 'wasm'];

/**
 * The entry of @mtcnn/backend-onnx on onnxruntime-web, and the part of it used here. Named through a
 * constant so that this package builds whether or not that entry is present in the installed version; when
 * it is missing, `wasm` fails with BACKEND_UNAVAILABLE and `auto` stays on the CPU.
 */
const WEB_ENTRY = '@mtcnn/backend-onnx/web';
interface WebEntry {
  onnxWebBackend(options: { device: 'wasm' }): Backend;
}

/**
 * A backend whose runtime is imported on first use. onnxruntime-web is an optional peer: importing it only
 * when `wasm` is asked for keeps it out of every other run, and its absence a BACKEND_UNAVAILABLE reason.
 */
function deferredBackend(name: string, load: () => Promise<Backend>): Backend {
  let loaded: Promise<Backend> | undefined;
  return {
    name,
    async createSession(model: Model) {
      loaded ??= load().catch((cause: unknown) => {
        loaded = undefined;
        const why = cause instanceof Error ? cause.message : String(cause);
        throw new MtcnnError('BACKEND_UNAVAILABLE', `${name} could not be loaded: ${why}`, { cause });
      });
      return (await loaded).createSession(model);
    },
  };
}

/**
 * The backend for one device in Node: `cpu` and `webgpu` on onnxruntime-node, `wasm` on onnxruntime-web
 * (imported only when asked for), `auto` the first of {@link AUTO_ORDER} that loads each model.
 */
export function backendForDevice(device: Device): Backend {
  switch (device) {
    case 'cpu':
      return onnxNodeBackend({ device: 'cpu' });
    case 'webgpu':
      return onnxNodeBackend({ device: 'webgpu' });
    case 'wasm':
      return deferredBackend('onnx-web:wasm', async () => {
        const { onnxWebBackend } = (await import(WEB_ENTRY)) as WebEntry;
        return onnxWebBackend({ device: 'wasm' });
      });
    case 'auto':
      return firstAvailableBackend(AUTO_ORDER.map((d) => ({ name: d, create: () => backendForDevice(d) })));
    default:
      throw new MtcnnError(
        'INVALID_OPTION',
        `device must be one of ${DEVICES.join(', ')}, got ${JSON.stringify(device)}`,
      );
  }
}
