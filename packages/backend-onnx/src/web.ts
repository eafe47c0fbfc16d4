// @mtcnn/backend-onnx/web: onnxruntime-web with its WebAssembly or WebGPU execution provider. It never loads
// onnxruntime-node; it also runs in Node (wasm only).
import type { Device } from '@mtcnn/core';
import type { Backend } from '@mtcnn/core/backend-kit';
import { backendForEntryDevice } from './device.js';
import {
  type OnnxWebBackendOptions,
  onnxWebBackend,
  WEB_AUTO_ORDER,
  WEB_DEVICES,
  type WebDevice,
} from './web/backend.js';

export {
  DEFAULT_WEBGPU_OUTPUT_LOCATION,
  type OnnxWebBackendOptions,
  onnxWebBackend,
  WEB_AUTO_ORDER,
  WEB_DEVICES,
  type WebDevice,
} from './web/backend.js';
export type { WasmPaths } from './web/wasm-settings.js';

/**
 * The backend for a device in the core's vocabulary: 'wasm' or 'webgpu', or 'auto' (WebGPU, then WebAssembly;
 * when neither starts, one BACKEND_UNAVAILABLE names both and why). 'cpu' lives in `@mtcnn/backend-onnx/node`.
 */
export function backendForDevice(
  device: Device = 'auto',
  options: Omit<OnnxWebBackendOptions, 'device'> = {},
): Backend {
  return backendForEntryDevice<WebDevice>(device, {
    entry: '@mtcnn/backend-onnx/web',
    prefix: 'onnx-web',
    served: WEB_DEVICES,
    autoOrder: WEB_AUTO_ORDER,
    create: (d) => onnxWebBackend({ ...options, device: d }),
  });
}
