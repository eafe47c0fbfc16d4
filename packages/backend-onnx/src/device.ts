import { type Device, MtcnnError } from '@mtcnn/core';

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
