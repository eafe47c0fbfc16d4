import type { Device } from '@mtcnn/core';
import { type Backend, firstAvailableBackend, MtcnnError } from '@mtcnn/core/backend-kit';

/** Which entry serves each device, for the error when a device is asked of the wrong one. */
const ENTRY_OF: Record<Exclude<Device, 'auto'>, string> = {
  cpu: '@mtcnn/backend-onnx/node',
  wasm: '@mtcnn/backend-onnx/web',
  webgpu: '@mtcnn/backend-onnx/node or @mtcnn/backend-onnx/web',
};

/** INVALID_OPTION for a device this entry does not serve, naming the entry that does. */
export function unservedDevice(device: unknown, entry: string, served: readonly string[]): MtcnnError {
  const home = ENTRY_OF[device as Exclude<Device, 'auto'>];
  const hint = home ? `; device '${String(device)}' is served by ${home}` : '';
  return new MtcnnError(
    'INVALID_OPTION',
    `${entry} serves devices ${served.map((d) => `'${d}'`).join(', ')}, got '${String(device)}'${hint}`,
  );
}

/** What an entry point needs to map the core's device vocabulary onto its own backends. */
export interface EntryDevices<D extends Exclude<Device, 'auto'>> {
  /** The entry's import path, for errors. */
  readonly entry: string;
  /** Backend name prefix, e.g. 'onnx-node' gives 'onnx-node:cpu'. */
  readonly prefix: string;
  readonly served: readonly D[];
  /** What 'auto' tries, in order. */
  readonly autoOrder: readonly D[];
  readonly create: (device: D) => Backend;
}

/**
 * The backend for a device in the core's vocabulary: one the entry serves, or 'auto' (its devices in order,
 * through firstAvailableBackend, so one error names every backend tried). Any other device is INVALID_OPTION
 * naming the entry that serves it.
 */
export function backendForEntryDevice<D extends Exclude<Device, 'auto'>>(
  device: Device,
  devices: EntryDevices<D>,
): Backend {
  if (device === 'auto') {
    return firstAvailableBackend(
      devices.autoOrder.map((d) => ({ name: `${devices.prefix}:${d}`, create: () => devices.create(d) })),
    );
  }
  if (!devices.served.includes(device as D)) {
    throw unservedDevice(device, devices.entry, [...devices.served, 'auto']);
  }
  return devices.create(device as D);
}
