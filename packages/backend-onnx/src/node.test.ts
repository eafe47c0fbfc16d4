// The Node entry on the real onnxruntime-node runtime and the real P-Net model.
import { isMtcnnError, type Session } from '@mtcnn/core';
import { PNET_MODEL, PNET_MODEL_URL } from '@mtcnn/pnet';
import { afterEach, describe, expect, it } from 'vitest';
// Built files: the default backend runs models in worker threads, which load dist/ (not TypeScript).
import { backendForDevice, onnxNodeBackend } from '../dist/node.js';

const input = { data: new Float32Array(3 * 12 * 12).fill(0.25), dims: [1, 3, 12, 12] };
const opened: Session[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.dispose()));
});

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe('onnxNodeBackend', () => {
  // A form that does not exist shows which form a backend loads: loading it fails with its path.
  const withMissingNchwc = { portable: PNET_MODEL_URL, nchwc: '/no/such/dir/pnet.nchwc.onnx' };

  it.runIf(process.arch === 'x64')('loads the nchwc form on the x86-64 CPU by default', async () => {
    const error = await failure(onnxNodeBackend().createSession(withMissingNchwc));
    expect((error as Error).message).toContain('/no/such/dir/pnet.nchwc.onnx');
    const session = await onnxNodeBackend().createSession(PNET_MODEL);
    opened.push(session);
    expect((await session.run({ input })).prob!.dims).toEqual([1, 2, 1, 1]);
  });

  it('loads the portable form with modelForms: [], or below optimisation level all', async () => {
    for (const options of [{ modelForms: [] }, { graphOptimizationLevel: 'extended' as const }]) {
      const session = await onnxNodeBackend(options).createSession(withMissingNchwc);
      opened.push(session);
      expect((await session.run({ input })).prob!.dims).toEqual([1, 2, 1, 1]);
    }
  });

  it('gives the nchwc and the portable form the same outputs to rounding', async () => {
    const image = {
      data: Float32Array.from({ length: 3 * 40 * 52 }, (_, i) => Math.sin(i) * 0.9),
      dims: [1, 3, 40, 52],
    };
    const tuned = await onnxNodeBackend().createSession(PNET_MODEL);
    const portable = await onnxNodeBackend({ modelForms: [] }).createSession(PNET_MODEL);
    opened.push(tuned, portable);
    const [a, b] = [await tuned.run({ input: image }), await portable.run({ input: image })];
    for (const name of ['prob', 'reg']) {
      expect(a[name]!.dims).toEqual(b[name]!.dims);
      let max = 0;
      a[name]!.data.forEach((v, i) => {
        max = Math.max(max, Math.abs(v - b[name]!.data[i]!));
      });
      // Float32 rounding in another order (tools/weights measures both forms against TFLite: ≤ 1.6e-6).
      expect(max, name).toBeLessThan(1e-5);
    }
  });

  it('runs P-Net on the CPU and hands out outputs the caller owns', async () => {
    const session = await onnxNodeBackend({
      intraOpNumThreads: 1,
      graphOptimizationLevel: 'basic',
    }).createSession(PNET_MODEL_URL);
    opened.push(session);
    expect(session.inputNames).toEqual(['input']);
    const first = await session.run({ input });
    expect(first.prob!.dims).toEqual([1, 2, 1, 1]);
    expect(first.reg!.dims).toEqual([1, 4, 1, 1]);
    // Softmax over two classes.
    expect(first.prob!.data[0]! + first.prob!.data[1]!).toBeCloseTo(1, 6);
    const kept = first.prob!.data.slice();
    first.prob!.data.fill(Number.NaN);
    const second = await session.run({ input });
    expect(second.prob!.data).toEqual(kept);
  });

  it('after dispose, runs fail with INFERENCE_FAILED; dispose waits for runs in flight and is idempotent', async () => {
    const session = await onnxNodeBackend().createSession(PNET_MODEL_URL);
    const inFlight = session.run({ input });
    const disposed = session.dispose();
    expect(isMtcnnError(await failure(session.run({ input })), 'INFERENCE_FAILED')).toBe(true);
    expect((await inFlight).prob!.dims).toEqual([1, 2, 1, 1]);
    await disposed;
    await session.dispose();
  });

  it('reports a bad input as INFERENCE_FAILED', async () => {
    const session = await onnxNodeBackend().createSession(PNET_MODEL_URL);
    opened.push(session);
    const error = await failure(session.run({ input: { data: new Float32Array(4), dims: [1, 1, 2, 2] } }));
    expect(isMtcnnError(error, 'INFERENCE_FAILED')).toBe(true);
    expect((error as Error).message).toMatch(/^onnx-node:cpu: /);
  });

  it('WebGPU either starts or is BACKEND_UNAVAILABLE with the runtime reason, never another failure', async () => {
    // This machine's answer depends on its Vulkan drivers; tools/conformance runs the WebGPU suite on SwiftShader.
    const result = await onnxNodeBackend({ device: 'webgpu' })
      .createSession(PNET_MODEL_URL)
      .then(
        (session) => {
          opened.push(session);
          return 'started';
        },
        (error: unknown) => error,
      );
    if (result !== 'started') {
      expect(isMtcnnError(result, 'BACKEND_UNAVAILABLE'), String(result)).toBe(true);
      expect((result as Error).message).toMatch(/^onnx-node:webgpu cannot start here: .*adapter/i);
    }
  });
});

describe('backendForDevice (node)', () => {
  it("serves 'cpu' and 'webgpu' on onnxruntime-node, 'wasm' on onnxruntime-web, 'auto' as cpu then wasm", async () => {
    expect(backendForDevice('cpu').name).toBe('onnx-node:cpu');
    expect(backendForDevice('webgpu').name).toBe('onnx-node:webgpu');
    expect(backendForDevice('wasm').name).toBe('onnx-web:wasm');
    const auto = backendForDevice('auto', { node: { intraOpNumThreads: 1 } });
    expect(auto.name).toBe('onnx-node:cpu | onnx-web:wasm');
    const session = await auto.createSession(PNET_MODEL_URL);
    opened.push(session);
    // The first that loads: onnxruntime-node's CPU provider, whose sessions overlap runs (its thread count given).
    expect([...session.outputNames].sort()).toEqual(['prob', 'reg']);
    expect((await session.run({ input })).prob!.dims).toEqual([1, 2, 1, 1]);
  });

  it("runs 'wasm' on onnxruntime-web with its own options, to the CPU provider's outputs", async () => {
    const wasm = await backendForDevice('wasm', { web: { numThreads: 1 } }).createSession(PNET_MODEL_URL);
    const cpu = await backendForDevice('cpu', { node: { workerThreads: 0 } }).createSession(PNET_MODEL_URL);
    opened.push(wasm, cpu);
    const [a, b] = [await wasm.run({ input }), await cpu.run({ input })];
    expect(a.prob!.dims).toEqual(b.prob!.dims);
    for (const [i, v] of a.prob!.data.entries()) expect(v).toBeCloseTo(b.prob!.data[i]!, 5);
  });

  it('refuses unknown devices with INVALID_OPTION listing the valid ones', () => {
    let error: unknown;
    try {
      backendForDevice('tpu' as never);
    } catch (e) {
      error = e;
    }
    expect(isMtcnnError(error, 'INVALID_OPTION')).toBe(true);
    expect((error as Error).message).toBe(
      "@mtcnn/backend-onnx/node serves devices 'cpu', 'wasm', 'webgpu', 'auto', got 'tpu'",
    );
    expect(() => onnxNodeBackend({ device: 'wasm' as never })).toThrow(
      "onnxNodeBackend (onnxruntime-node) serves devices 'cpu', 'webgpu', got 'wasm'; 'wasm' runs on onnxWebBackend (onnxruntime-web)",
    );
  });
});
