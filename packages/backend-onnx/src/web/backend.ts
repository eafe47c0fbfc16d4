// onnxWebBackend: onnxruntime-web with its WebAssembly (multi-threaded and SIMD where the page is cross-origin
// isolated) or WebGPU execution provider.
import { type Backend, type Model, MtcnnError } from '@mtcnn/core/backend-kit';
import type * as OrtWeb from 'onnxruntime-web';
import { createOnnxSession, runtimeLoader } from '../create-session.js';
import { backendName, runtimeDevice } from '../device-backends.js';
import type { DeviceOf } from '../devices.js';
import type { ProviderTable } from '../ort-types.js';
import { RunQueue } from '../run-queue.js';
import { applyWasmSettings, type WasmPaths } from './wasm-settings.js';

type OrtWebModule = typeof OrtWeb;

/** The devices onnxruntime-web serves (devices.ts). */
export type WebDevice = DeviceOf<'web'>;

/**
 * Where WebGPU outputs are left by default. Every output is needed on the CPU right after the run (thresholds,
 * NMS, the next stage's crops are cut from the image on the CPU), so keeping them in GPU buffers can only move
 * the download, not avoid it; measured in Chromium on SwiftShader (tools/conformance, `measure:residency`), the
 * two did not differ beyond noise. With no gain, the default is the simpler path: read back inside the run.
 * SwiftShader emulates the GPU on the CPU, where a readback is a memory copy; on a real GPU measure again.
 */
export const DEFAULT_WEBGPU_OUTPUT_LOCATION: 'cpu' | 'gpu-buffer' = 'cpu';

export interface OnnxWebBackendOptions {
  /** Execution provider. Default 'wasm'. */
  readonly device?: WebDevice;
  /**
   * WebAssembly threads (global, set once per page). Default: onnxruntime-web's choice, which uses threads only
   * when the page is cross-origin isolated (COOP/COEP headers) and 1 otherwise.
   */
  readonly numThreads?: number;
  /** Where the runtime's .wasm/.mjs files are served from (global, set once per page). Default: next to the bundle. */
  readonly wasmPaths?: WasmPaths;
  /** Run the WebAssembly runtime in a worker (global, set once per page). Default false. */
  readonly proxy?: boolean;
  /** Graph optimisation level. Default 'all'. */
  readonly graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
  /**
   * WebGPU only: where outputs are left. 'cpu' reads them back inside the run; 'gpu-buffer' keeps them in GPU
   * buffers that the adapter downloads afterwards. Default {@link DEFAULT_WEBGPU_OUTPUT_LOCATION}.
   */
  readonly preferredOutputLocation?: 'cpu' | 'gpu-buffer';
  /** WebGPU only: tensor layout for convolutions. Default: onnxruntime-web's ('NCHW'). */
  readonly preferredLayout?: 'NCHW' | 'NHWC';
  /** Any other onnxruntime-web session options, passed through last (they win over the options above). */
  readonly sessionOptions?: OrtWeb.InferenceSession.SessionOptions;
}

/**
 * Every run of every onnxruntime-web session, one at a time. The runtime refuses a second run on a session
 * ("Session already started"), and runs of two sessions overlapping in its single WebAssembly instance corrupt
 * it ("null function or function signature mismatch", seen in Node with 10 concurrent detections). The
 * instance computes one run at a time anyway, so queueing costs no throughput.
 */
const runs = new RunQueue();

const loadRuntime = runtimeLoader<OrtWebModule>('onnxruntime-web', () => import('onnxruntime-web'));

function requireWebGpu(name: string): void {
  const gpu = (globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu;
  if (!gpu) {
    throw new MtcnnError(
      'BACKEND_UNAVAILABLE',
      `${name} cannot start here: WebGPU is not available (no navigator.gpu)`,
    );
  }
}

type Provider = OrtWeb.InferenceSession.ExecutionProviderConfig;

const PROVIDERS: ProviderTable<WebDevice, OnnxWebBackendOptions, Provider> = {
  wasm: () => 'wasm',
  webgpu: (options) => ({
    name: 'webgpu',
    ...(options.preferredLayout ? { preferredLayout: options.preferredLayout } : {}),
  }),
};

function sessionOptionsOf(options: OnnxWebBackendOptions, device: WebDevice) {
  const sessionOptions: OrtWeb.InferenceSession.SessionOptions = {
    executionProviders: [PROVIDERS[device](options)],
    graphOptimizationLevel: options.graphOptimizationLevel ?? 'all',
    ...(device === 'webgpu'
      ? { preferredOutputLocation: options.preferredOutputLocation ?? DEFAULT_WEBGPU_OUTPUT_LOCATION }
      : {}),
    ...options.sessionOptions,
  };
  return sessionOptions;
}

/** Model forms this backend prefers: none (WASM has no NCHWc kernels, and runs the nchwc form slower). */
const PORTABLE_ONLY: readonly string[] = [];

/** A backend on onnxruntime-web: WebAssembly, or WebGPU where the browser has an adapter. */
export function onnxWebBackend(options: OnnxWebBackendOptions = {}): Backend {
  const device = runtimeDevice('web', options.device ?? 'wasm');
  const name = backendName('web', device);
  const sessionOptions = sessionOptionsOf(options, device);
  return {
    name,
    async createSession(model: Model) {
      if (device === 'webgpu') requireWebGpu(name);
      return await createOnnxSession(model, {
        backendName: name,
        runtime: async () => {
          const ort = await loadRuntime();
          applyWasmSettings(ort.env.wasm, {
            numThreads: options.numThreads,
            wasmPaths: options.wasmPaths,
            proxy: options.proxy,
          });
          return ort;
        },
        sessionOptions,
        // Tuned forms target onnxruntime's native CPU kernels (NCHWc), which WASM and WebGPU lack.
        forms: PORTABLE_ONLY,
        queue: runs,
      });
    },
  };
}
