// @mtcnn/backend-onnx/node: onnxruntime-node (cpu, webgpu), and onnxruntime-web for wasm, imported only when a
// wasm session is created. Nothing else loads onnxruntime-web.
import type { Backend } from '@mtcnn/core/backend-kit';
import { backendForDeviceIn, backendName } from './device-backends.js';
import type { DeviceChoice } from './devices.js';
import { lazyBackend } from './lazy-backend.js';
import { type OnnxNodeBackendOptions, onnxNodeBackend } from './node/backend.js';
import type { OnnxWebBackendOptions } from './web/backend.js';

export * from './devices.js';
export {
  MAX_DEFAULT_WORKER_THREADS,
  type NodeDevice,
  type NodeWebGpuOptions,
  type OnnxNodeBackendOptions,
  onnxNodeBackend,
} from './node/backend.js';

/** Options of {@link backendForDevice} in Node, per runtime. */
export interface NodeDeviceOptions {
  /** For cpu and webgpu: options of `onnxNodeBackend`. */
  readonly node?: Omit<OnnxNodeBackendOptions, 'device'>;
  /** For wasm: options of `onnxWebBackend` (@mtcnn/backend-onnx/web). */
  readonly web?: Omit<OnnxWebBackendOptions, 'device'>;
}

/**
 * The backend for a device in Node (RUNTIME_OF.node): cpu and webgpu on onnxruntime-node, wasm on onnxruntime-web,
 * or auto: AUTO_ORDER.node, failing with one BACKEND_UNAVAILABLE that names every backend tried and why.
 */
export function backendForDevice(device: DeviceChoice = 'auto', options: NodeDeviceOptions = {}): Backend {
  return backendForDeviceIn(
    'node',
    {
      node: (d) => onnxNodeBackend({ ...options.node, device: d }),
      // onnxruntime-web is an optional peer: its absence is then a BACKEND_UNAVAILABLE reason, and `auto` stays
      // on onnxruntime-node without ever loading it.
      web: (d) =>
        lazyBackend(backendName('web', d), async () => {
          const { onnxWebBackend } = await import('./web.js');
          return onnxWebBackend({ ...options.web, device: d });
        }),
    },
    device,
  );
}
