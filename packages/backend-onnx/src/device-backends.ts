// The devices of devices.ts turned into backends: the one backendForDevice of both entries (each entry gives its
// environment and how it makes each runtime's backend), and the errors for a device asked of the wrong place.
import { type Backend, firstAvailableBackend, MtcnnError } from '@mtcnn/core/backend-kit';
import {
  AUTO_ORDER,
  type Device,
  type DeviceChoice,
  type DeviceOf,
  devicesIn,
  devicesOf,
  type Environment,
  type Runtime,
  runtimeFor,
} from './devices.js';

/** The entry to import in each environment. */
const ENTRY: { readonly [E in Environment]: string } = {
  node: '@mtcnn/backend-onnx/node',
  browser: '@mtcnn/backend-onnx/web',
};

/** A backend's name, as errors and reports show it: 'onnx-node:cpu', 'onnx-web:wasm'. */
export function backendName(runtime: Runtime, device: Device): string {
  return `onnx-${runtime}:${device}`;
}

function quoted(words: readonly string[]): string {
  return words.map((w) => `'${w}'`).join(', ');
}

/** INVALID_OPTION for a device `what` does not serve: the devices it does, and which entry serves this one. */
function unservedDevice(device: unknown, what: string, served: readonly string[]): MtcnnError {
  const homes = (Object.keys(ENTRY) as Environment[]).filter((e) => runtimeFor(e, device));
  const hint =
    homes.length > 0
      ? `; device '${String(device)}' is served by ${homes.map((e) => ENTRY[e]).join(' and ')}`
      : '';
  return new MtcnnError(
    'INVALID_OPTION',
    `${what} serves devices ${quoted(served)}, got '${String(device)}'${hint}`,
  );
}

/** The function that makes each runtime's backends, for errors. */
const BACKEND_OF: { readonly [R in Runtime]: string } = {
  node: 'onnxNodeBackend (onnxruntime-node)',
  web: 'onnxWebBackend (onnxruntime-web)',
};

/** `device` if runtime `runtime` serves it; otherwise INVALID_OPTION naming the backend that does. */
export function runtimeDevice<R extends Runtime>(runtime: R, device: unknown): DeviceOf<R> {
  const served = devicesOf(runtime);
  if (served.includes(device as DeviceOf<R>)) return device as DeviceOf<R>;
  const others = (Object.keys(BACKEND_OF) as Runtime[]).filter((r) => devicesOf(r).includes(device as never));
  const hint = others.length > 0 ? `; '${String(device)}' runs on ${BACKEND_OF[others[0]!]}` : '';
  throw new MtcnnError(
    'INVALID_OPTION',
    `${BACKEND_OF[runtime]} serves devices ${quoted(served)}, got '${String(device)}'${hint}`,
  );
}

/** How an entry makes the backend of each runtime it uses, for one device that runtime serves. */
export type RuntimeBackends = { readonly [R in Runtime]?: (device: DeviceOf<R>) => Backend };

/**
 * The backend for `device` in `environment`: the backend of the runtime that serves it there (from `backends`),
 * or for `auto` the first device of {@link AUTO_ORDER} that loads each model, through firstAvailableBackend, so
 * that one error names every backend tried and why. A device not served there is INVALID_OPTION naming the
 * entry that serves it; an unknown word, INVALID_OPTION listing the valid ones.
 */
export function backendForDeviceIn(
  environment: Environment,
  backends: RuntimeBackends,
  device: DeviceChoice,
): Backend {
  if (device === 'auto') {
    return firstAvailableBackend(
      AUTO_ORDER[environment].map((d) => ({
        name: backendName(runtimeFor(environment, d)!, d),
        create: () => backendForDeviceIn(environment, backends, d),
      })),
    );
  }
  const runtime = runtimeFor(environment, device);
  const create = runtime && (backends[runtime] as ((d: Device) => Backend) | undefined);
  if (!create) throw unservedDevice(device, ENTRY[environment], [...devicesIn(environment), 'auto']);
  return create(device);
}
