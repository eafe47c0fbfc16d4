import { describe, expect, test } from 'vitest';
import { MAX_WASM_THREADS, probeBackends } from './backends.js';

const adapter = { info: { vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true } };

describe('probeBackends', () => {
  test('an isolated page with cores and a GPU adapter offers everything', async () => {
    const backends = await probeBackends({
      crossOriginIsolated: true,
      hardwareConcurrency: 4,
      gpu: { requestAdapter: async () => adapter },
    });
    expect(backends.map((b) => [b.id, b.available])).toEqual([
      ['wasm-1', true],
      ['wasm-n', true],
      ['webgpu', true],
    ]);
    expect(backends[1]).toMatchObject({ label: 'WASM · 4 threads', threads: 4 });
    expect(backends[2]!.note).toBe('google swiftshader (software fallback)');
    expect(backends[2]!.emulated).toBe(true);
    const [, , hardware] = await probeBackends({
      crossOriginIsolated: true,
      hardwareConcurrency: 4,
      gpu: { requestAdapter: async () => ({ info: { vendor: 'nvidia', architecture: 'ada' } }) },
    });
    expect(hardware).toMatchObject({ available: true, note: 'nvidia ada' });
    expect(hardware!.emulated).toBeUndefined();
  });

  test('says why threads and WebGPU are unavailable', async () => {
    const [, multi, gpu] = await probeBackends({ crossOriginIsolated: false, hardwareConcurrency: 8 });
    expect(multi).toMatchObject({ available: false, note: expect.stringMatching(/cross-origin isolated/) });
    expect(gpu).toMatchObject({ available: false, note: expect.stringMatching(/no WebGPU/) });
    const [, single, noAdapter] = await probeBackends({
      crossOriginIsolated: true,
      hardwareConcurrency: 1,
      gpu: { requestAdapter: async () => null },
    });
    expect(single).toMatchObject({ available: false, note: 'the browser reports a single core' });
    expect(noAdapter).toMatchObject({ available: false, note: 'WebGPU found no GPU adapter' });
  });

  test('caps the thread count', async () => {
    const [, multi] = await probeBackends({ crossOriginIsolated: true, hardwareConcurrency: 64 });
    expect(multi!.threads).toBe(MAX_WASM_THREADS);
  });
});
