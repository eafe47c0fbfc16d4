import type { MemoryProbe } from '@mtcnn/core/testing';
import { wasmMemoryBytes } from './wasm-memory.js';

const MiB = 2 ** 20;

interface ChromiumPerformance extends Performance {
  /** Chromium only; exact (not bucketed) with --enable-precise-memory-info. */
  readonly memory?: { readonly usedJSHeapSize: number };
}

/**
 * The page's memory after a garbage collection (`gc` comes from --js-flags=--expose-gc): the JS heap from
 * `performance.memory`, and the size of onnxruntime-web's WebAssembly memory (see wasm-memory.ts). GPU memory
 * cannot be measured from a page.
 *
 * Bounds over 200 detections of the small image: a detection allocates ~0.2 MiB of JS data, so keeping each
 * detection's data grows the JS heap by ~40 MiB; 4 MiB lets V8's own caches settle. WebAssembly memory
 * never shrinks: it grows in 64 KiB pages when onnxruntime's allocator needs more, so after warm-up it must not
 * grow by more than 4 MiB; leaking each run's input or outputs (≥ 3 KiB, ~7 runs a detection) would take
 * ≥ 4 MiB over 200 detections.
 */
export function browserMemoryProbe(): MemoryProbe | { skip: string } {
  const perf = performance as ChromiumPerformance;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return { skip: 'window.gc is not exposed (launch Chromium with --js-flags=--expose-gc)' };
  if (!perf.memory) return { skip: 'performance.memory is not available in this browser' };
  return {
    description: 'JS heap (performance.memory) and WebAssembly memory after gc()',
    bounds: { jsHeap: 4 * MiB, wasm: 4 * MiB },
    async measure() {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 10));
      gc();
      const wasm = wasmMemoryBytes();
      if (wasm === undefined)
        throw new Error('no WebAssembly memory was seen: is watchWasmMemories() installed?');
      return { jsHeap: perf.memory!.usedJSHeapSize, wasm };
    },
  };
}
