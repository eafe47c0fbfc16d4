// The suite inside headless Chromium, on onnxruntime-web: WebAssembly (two threads, SIMD), WebGPU (SwiftShader
// without a GPU: a CPU emulation, hence the 320 px photos) and the per-stage mix. The page is bundled with Vite
// and served from 127.0.0.1 with COOP/COEP headers. Without Chromium every check is skipped with the reason, or
// fails with it in CI.
import { defineConformanceSuite } from '@mtcnn/core/testing';
import { skipForEnvironment } from '@mtcnn/fixtures/environment';
import { afterAll, describe, expect, it } from 'vitest';
import { browserTarget } from './browser/browser-target.js';
import { type BrowserHarness, startBrowserHarness } from './browser/harness.js';

let harness: Promise<BrowserHarness | { skip: string }> | undefined;
const started = () => {
  harness ??= startBrowserHarness();
  return harness;
};

afterAll(async () => {
  const h = await harness;
  if (h && !('skip' in h)) await h.close();
});

describe('the test page', () => {
  it('is cross-origin isolated, so WebAssembly threads are available', async (context) => {
    const h = await started();
    if ('skip' in h) return skipForEnvironment(context, 'Chromium', h.skip);
    console.log(`[conformance] Chromium page: ${JSON.stringify(h.info)}`);
    expect(h.info.crossOriginIsolated).toBe(true);
  });
});

defineConformanceSuite({ describe, it }, browserTarget(started, 'wasm', 'onnx-web:wasm in Chromium'));
defineConformanceSuite({ describe, it }, browserTarget(started, 'webgpu', 'onnx-web:webgpu in Chromium'));
// The mix's memory behaviour is that of its two backends, each checked above.
defineConformanceSuite(
  { describe, it },
  browserTarget(started, 'mixed', 'P-Net on onnx-web:webgpu, R-Net and O-Net on onnx-web:wasm, in Chromium'),
  { checks: ['models', 'detections', 'dispose', 'concurrency'] },
);
