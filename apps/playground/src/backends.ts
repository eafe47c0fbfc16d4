import { devicesIn } from '@mtcnn/backend-onnx/web';
import type { StageDevice } from './worker/protocol.js';

/**
 * The backends a stage can run on: WebAssembly on one thread (`wasm-1`) or on every core the browser reports (up
 * to MAX_WASM_THREADS, `wasm-n`), and each other device of the browser entry, by its name.
 */
export type BackendId = 'wasm-1' | 'wasm-n' | Exclude<StageDevice, 'wasm'>;

/** Upper bound for WebAssembly threads: more rarely helps networks this small and costs memory per thread. */
export const MAX_WASM_THREADS = 8;

/**
 * Fewest logical cores for "WASM · N threads" to be the default. With two, the second thread competes with the
 * page, the browser and everything else on the machine, and measured slower than one thread (README, "Default
 * backend"); it stays offered.
 */
export const MIN_CORES_FOR_THREADS_BY_DEFAULT = 3;

/** One backend as offered in the pickers: unavailable ones are listed too, with the reason. */
export interface BackendOption {
  readonly id: BackendId;
  readonly label: string;
  readonly device: StageDevice;
  /** WebAssembly threads of the runtime this backend needs (WebGPU: 1, it only runs shape ops on the CPU). */
  readonly threads: number;
  readonly available: boolean;
  /** Why it is unavailable, or what it runs on when it is available. */
  readonly note: string;
  /** Emulated in software (a fallback GPU adapter): offered, but slower than WebAssembly, so never the default. */
  readonly emulated?: boolean;
  /** Offered, but never the default here, and why (threads on too few cores). */
  readonly notDefault?: string;
}

/** What the probe looks at, so that tests can describe any browser. */
export interface BrowserFeatures {
  readonly crossOriginIsolated: boolean;
  readonly hardwareConcurrency: number;
  /** `navigator.gpu` (undefined without WebGPU). */
  readonly gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> };
}

/** The part of a WebGPU adapter the probe reads. */
export interface GpuAdapterLike {
  readonly info?: {
    readonly vendor?: string;
    readonly architecture?: string;
    readonly isFallbackAdapter?: boolean;
  };
}

export function browserFeatures(): BrowserFeatures {
  const nav = navigator as Navigator & { gpu?: BrowserFeatures['gpu'] };
  return {
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    hardwareConcurrency: nav.hardwareConcurrency || 1,
    ...(nav.gpu ? { gpu: nav.gpu } : {}),
  };
}

function adapterName(adapter: GpuAdapterLike): string {
  const { vendor, architecture, isFallbackAdapter } = adapter.info ?? {};
  const name = [vendor, architecture].filter(Boolean).join(' ') || 'adapter';
  return isFallbackAdapter ? `${name} (software fallback)` : name;
}

async function webGpuOption(features: BrowserFeatures): Promise<BackendOption> {
  const base = { id: 'webgpu', label: 'WebGPU', device: 'webgpu', threads: 1 } as const;
  if (!features.gpu) return { ...base, available: false, note: 'this browser has no WebGPU (navigator.gpu)' };
  try {
    const adapter = await features.gpu.requestAdapter();
    if (!adapter) return { ...base, available: false, note: 'WebGPU found no GPU adapter' };
    return {
      ...base,
      available: true,
      note: adapterName(adapter),
      ...(adapter.info?.isFallbackAdapter ? { emulated: true } : {}),
    };
  } catch (error) {
    return { ...base, available: false, note: `WebGPU adapter request failed: ${String(error)}` };
  }
}

function wasmOptions(features: BrowserFeatures): BackendOption[] {
  const threads = Math.min(Math.max(1, Math.floor(features.hardwareConcurrency)), MAX_WASM_THREADS);
  const fewCores =
    features.hardwareConcurrency < MIN_CORES_FOR_THREADS_BY_DEFAULT
      ? { notDefault: `slower than 1 thread on ${features.hardwareConcurrency} cores` }
      : {};
  const multi: BackendOption = {
    id: 'wasm-n',
    label: `WASM · ${Math.max(threads, 2)} threads`,
    device: 'wasm',
    threads: Math.max(threads, 2),
    available: features.crossOriginIsolated && threads >= 2,
    note: !features.crossOriginIsolated
      ? 'needs a cross-origin isolated page (COOP/COEP headers)'
      : threads < 2
        ? 'the browser reports a single core'
        : `${threads} of ${features.hardwareConcurrency} logical cores` +
          (fewCores.notDefault ? `; not the default: ${fewCores.notDefault}` : ''),
    ...fewCores,
  };
  return [
    {
      id: 'wasm-1',
      label: 'WASM · 1 thread',
      device: 'wasm',
      threads: 1,
      available: true,
      note: 'single-threaded',
    },
    multi,
  ];
}

async function optionsOf(device: StageDevice, features: BrowserFeatures): Promise<BackendOption[]> {
  switch (device) {
    case 'wasm':
      return wasmOptions(features);
    case 'webgpu':
      return [await webGpuOption(features)];
    default:
      // A device without a probe here: offered, and tried when a detector loads on it.
      return [{ id: device, label: device, device, threads: 1, available: true, note: 'not probed' }];
  }
}

/** Every backend of the devices the browser entry serves, with whether this page can run it and why not. */
export async function probeBackends(features: BrowserFeatures = browserFeatures()): Promise<BackendOption[]> {
  const options = await Promise.all(devicesIn('browser').map((device) => optionsOf(device, features)));
  return options.flat();
}
