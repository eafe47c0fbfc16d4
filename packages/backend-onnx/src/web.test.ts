// The web entry's onnxruntime-web in Node: WebAssembly runs; WebGPU has no navigator.gpu here, so `auto` falls
// through to WebAssembly. The browser side is covered by tools/conformance in Chromium.
import { createDetector, isMtcnnError } from '@mtcnn/core';
import { PNET_MODEL_URL } from '@mtcnn/pnet';
import { describe, expect, it } from 'vitest';
import { backendForDevice, onnxWebBackend } from './web.js';

const input = { data: new Float32Array(3 * 24 * 24).fill(0.5), dims: [1, 3, 24, 24] };

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe('onnxWebBackend in Node', () => {
  it('runs P-Net on WebAssembly; overlapping runs of two sessions are queued, not interleaved', async () => {
    const backend = onnxWebBackend({ device: 'wasm', numThreads: 1 });
    const [a, b] = await Promise.all([
      backend.createSession(PNET_MODEL_URL),
      backend.createSession(PNET_MODEL_URL),
    ]);
    const single = await a.run({ input });
    expect(single.prob!.dims).toEqual([1, 2, 7, 7]);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).run({ input })));
    for (const r of results) expect(r.prob!.data).toEqual(single.prob!.data);
    await Promise.all([a.dispose(), b.dispose()]);
    expect(isMtcnnError(await failure(a.run({ input })), 'INFERENCE_FAILED')).toBe(true);
  });

  it('refuses other WebAssembly settings once the runtime has started', async () => {
    const error = await failure(
      onnxWebBackend({ device: 'wasm', numThreads: 2 }).createSession(PNET_MODEL_URL),
    );
    expect(isMtcnnError(error, 'INVALID_OPTION')).toBe(true);
    expect((error as Error).message).toMatch(/already set up with numThreads 1 \(asked 2\)/);
    // The same settings, or none, are fine.
    const session = await onnxWebBackend({ numThreads: 1 }).createSession(PNET_MODEL_URL);
    await session.dispose();
  });

  it('loads the portable form of a model given in several forms', async () => {
    // A missing nchwc file would fail the load if this backend picked it.
    const session = await onnxWebBackend({ numThreads: 1 }).createSession({
      portable: PNET_MODEL_URL,
      nchwc: '/no/such/dir/pnet.nchwc.onnx',
    });
    expect((await session.run({ input })).prob!.dims).toEqual([1, 2, 7, 7]);
    await session.dispose();
  });

  it('WebGPU without navigator.gpu is BACKEND_UNAVAILABLE', async () => {
    const error = await failure(onnxWebBackend({ device: 'webgpu' }).createSession(PNET_MODEL_URL));
    expect(isMtcnnError(error, 'BACKEND_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toBe(
      'onnx-web:webgpu cannot start here: WebGPU is not available (no navigator.gpu)',
    );
  });
});

describe('backendForDevice (web)', () => {
  it("'auto' tries WebGPU, then WebAssembly, and detects with what starts", async () => {
    const auto = backendForDevice('auto', { web: { numThreads: 1 } });
    expect(auto.name).toBe('onnx-web:webgpu | onnx-web:wasm');
    const { pnet } = await import('@mtcnn/pnet');
    const detector = await createDetector({ backend: auto, stages: [pnet()] });
    const data = new Uint8Array(64 * 64 * 3).fill(90);
    expect(await detector.detect({ data, width: 64, height: 64, channels: 3 })).toEqual([]);
    await detector.dispose();
  });

  it("refuses 'cpu' and unknown devices with INVALID_OPTION, naming the node entry for 'cpu'", () => {
    expect(() => backendForDevice('cpu')).toThrow(
      "@mtcnn/backend-onnx/web serves devices 'wasm', 'webgpu', 'auto', got 'cpu'; device 'cpu' is served by @mtcnn/backend-onnx/node",
    );
    expect(() => backendForDevice('npu' as never)).toThrow(
      "@mtcnn/backend-onnx/web serves devices 'wasm', 'webgpu', 'auto', got 'npu'",
    );
    expect(() => onnxWebBackend({ device: 'cpu' as never })).toThrow(
      "onnxWebBackend (onnxruntime-web) serves devices 'wasm', 'webgpu', got 'cpu'; 'cpu' runs on onnxNodeBackend (onnxruntime-node)",
    );
    expect(backendForDevice('wasm').name).toBe('onnx-web:wasm');
    expect(backendForDevice('webgpu').name).toBe('onnx-web:webgpu');
  });
});
