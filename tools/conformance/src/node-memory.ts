import type { MemoryProbe } from '@mtcnn/core/testing';

const MiB = 2 ** 20;

/**
 * Node's memory after a full garbage collection: the process's resident set, and what JavaScript holds (V8 heap
 * plus external memory such as ArrayBuffers). Needs `--expose-gc`, which the vitest config passes.
 *
 * Bounds over 200 detections of the small image: each detection allocates ~0.2 MiB of tensors (pyramid levels,
 * 8 R-Net and 4 O-Net crops) and candidates, so keeping one detection's data per call would grow the JS
 * measure by ~40 MiB, and leaking a session
 * (megabytes of weights and arena) per call far more. 4 MiB of JS allows V8's own bookkeeping (code caches,
 * feedback vectors) to settle; 24 MiB of RSS allows the native allocators (glibc arenas, onnxruntime's arena,
 * Dawn/SwiftShader pools), which grow in steps and rarely return pages, while still catching a per-call leak
 * of ~120 KiB or more.
 */
export function nodeMemoryProbe(): MemoryProbe | { skip: string } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return { skip: 'global.gc is not exposed (run Node with --expose-gc)' };
  return {
    description: 'Node RSS and JS heap+external after gc()',
    bounds: { js: 4 * MiB, rss: 24 * MiB },
    async measure() {
      // Two collections with a turn of the event loop between them let finalizers (released ORT tensors) run.
      gc();
      await new Promise((resolve) => setTimeout(resolve, 10));
      gc();
      const m = process.memoryUsage();
      return { js: m.heapUsed + m.external, rss: m.rss };
    },
  };
}
