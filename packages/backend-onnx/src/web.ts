// @mtcnn/backend-onnx/web: onnxruntime-web with its WebAssembly or WebGPU execution provider. It never loads
// onnxruntime-node; it also runs in Node (wasm only).
import type { Backend } from '@mtcnn/core/backend-kit';
import { backendForDeviceIn } from './device-backends.js';
import type { DeviceChoice } from './devices.js';
import { type OnnxWebBackendOptions, onnxWebBackend } from './web/backend.js';

export * from './devices.js';
export {
  DEFAULT_WEBGPU_OUTPUT_LOCATION,
  type OnnxWebBackendOptions,
  onnxWebBackend,
  type WebDevice,
} from './web/backend.js';
export type { WasmPaths } from './web/wasm-settings.js';

/** Options of {@link backendForDevice} in the browser, per runtime. */
export interface WebDeviceOptions {
  /** Options of `onnxWebBackend`. */
  readonly web?: Omit<OnnxWebBackendOptions, 'device'>;
}

/**
 * The backend for a device in the browser (RUNTIME_OF.browser): wasm and webgpu on onnxruntime-web, or auto:
 * AUTO_ORDER.browser, failing with one BACKEND_UNAVAILABLE that names every backend tried and why. 'cpu' is
 * onnxruntime-node's, in @mtcnn/backend-onnx/node.
 */
export function backendForDevice(device: DeviceChoice = 'auto', options: WebDeviceOptions = {}): Backend {
  return backendForDeviceIn('browser', { web: (d) => onnxWebBackend({ ...options.web, device: d }) }, device);
}
