// The test page: runs the conformance checks on onnxruntime-web inside Chromium, on request of the Node side
// (see ../browser.test.ts), against the CPU reference that Node computed and serves.
import { onnxWebBackend } from '@mtcnn/backend-onnx/web';
import {
  type ConformanceReference,
  type ConformanceSubject,
  type ConformanceTarget,
  decodeConformanceData,
  localConformanceTarget,
  OUTPUT_TOLERANCE,
} from '@mtcnn/core/testing';
import { cascade, mixedCascade } from '../../cascade.js';
import { type BrowserSubject, type ConformancePage, type PageData, ROUTES } from '../protocol.js';
import { browserMemoryProbe } from './memory.js';
import { measureResidency } from './residency.js';
import { watchWasmMemories } from './wasm-memory.js';

watchWasmMemories();

/**
 * Two WebAssembly threads: onnxruntime-web's default is half the cores (1 on a 2-core CI machine), which would
 * leave the multi-threaded build untested. Threads need the page to be cross-origin isolated (COOP/COEP).
 */
const THREADS = 2;
const runtime = { wasmPaths: ROUTES.ort, numThreads: THREADS } as const;
const wasm = onnxWebBackend({ device: 'wasm', ...runtime });
const webgpu = onnxWebBackend({ device: 'webgpu', ...runtime });

async function adapterInfo(): Promise<string> {
  const gpu = (
    navigator as { gpu?: { requestAdapter(): Promise<{ info?: Record<string, unknown> } | null> } }
  ).gpu;
  if (!gpu) return 'none (no navigator.gpu)';
  const adapter = await gpu.requestAdapter();
  if (!adapter) return 'none (requestAdapter returned null)';
  const info = adapter.info ?? {};
  return `${String(info.vendor)} ${String(info.architecture)}${info.isFallbackAdapter ? ' (fallback adapter)' : ''}`;
}

async function load(): Promise<ConformancePage> {
  const response = await fetch(ROUTES.reference);
  const data = decodeConformanceData<PageData>(new Uint8Array(await response.arrayBuffer()));
  const reference: ConformanceReference = data.reference;
  const memory = browserMemoryProbe();

  const subjects: Record<BrowserSubject, { subject: ConformanceSubject; photos: readonly string[] }> = {
    wasm: {
      subject: { name: 'onnx-web:wasm', backend: wasm, stages: cascade, tolerance: OUTPUT_TOLERANCE.wasm },
      photos: data.photos.full,
    },
    webgpu: {
      subject: {
        name: 'onnx-web:webgpu',
        backend: webgpu,
        stages: cascade,
        tolerance: OUTPUT_TOLERANCE.webgpu,
      },
      photos: data.photos.gpu,
    },
    mixed: {
      subject: {
        name: 'P-Net on onnx-web:webgpu, R-Net and O-Net on onnx-web:wasm',
        backend: wasm,
        stages: mixedCascade(webgpu, wasm),
        tolerance: OUTPUT_TOLERANCE.webgpu,
      },
      photos: data.photos.gpu,
    },
  };
  const targets = {} as Record<BrowserSubject, ConformanceTarget>;
  for (const [key, { subject, photos }] of Object.entries(subjects) as [
    BrowserSubject,
    (typeof subjects)[BrowserSubject],
  ][]) {
    targets[key] = localConformanceTarget(subject.name, async () => ({ subject, reference, photos, memory }));
  }
  return {
    info: {
      crossOriginIsolated,
      hardwareConcurrency: navigator.hardwareConcurrency,
      webgpu: await adapterInfo(),
      memory: 'skip' in memory ? `not measured: ${memory.skip}` : memory.description,
    },
    run: (subject, check) => targets[subject].run(check),
    measureResidency: (repeats) => measureResidency(reference, data.photos.gpu, runtime, repeats),
  };
}

window.conformance = load();
