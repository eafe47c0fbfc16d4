// @mtcnn/backend-onnx/node: onnxruntime-node with its CPU or WebGPU (Dawn) execution provider. It never loads
// onnxruntime-web.
import type { Device } from '@mtcnn/core';
import type { Backend } from '@mtcnn/core/backend-kit';
import { backendForEntryDevice } from './device.js';
import {
  NODE_AUTO_ORDER,
  NODE_DEVICES,
  type NodeDevice,
  type OnnxNodeBackendOptions,
  onnxNodeBackend,
} from './node/backend.js';

export {
  MAX_DEFAULT_WORKER_THREADS,
  NODE_AUTO_ORDER,
  NODE_DEVICES,
  type NodeDevice,
  type NodeWebGpuOptions,
  type OnnxNodeBackendOptions,
  onnxNodeBackend,
} from './node/backend.js';

/**
 * The backend for a device in the core's vocabulary: 'cpu' or 'webgpu', or 'auto' (Node: the CPU provider,
 * failing with one BACKEND_UNAVAILABLE that says why). 'wasm' lives in `@mtcnn/backend-onnx/web`.
 */
export function backendForDevice(
  device: Device = 'auto',
  options: Omit<OnnxNodeBackendOptions, 'device'> = {},
): Backend {
  return backendForEntryDevice<NodeDevice>(device, {
    entry: '@mtcnn/backend-onnx/node',
    prefix: 'onnx-node',
    served: NODE_DEVICES,
    autoOrder: NODE_AUTO_ORDER,
    create: (d) => onnxNodeBackend({ ...options, device: d }),
  });
}
