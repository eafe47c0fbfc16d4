import { describe, expect, test } from 'vitest';
import { type BackendOption, probeBackends } from './backends.js';
import {
  chooseStageBackend,
  defaultChoices,
  describeChoices,
  detectorConfig,
  uniformChoices,
} from './stage-backends.js';

const options: BackendOption[] = [
  { id: 'wasm-1', label: 'WASM · 1 thread', device: 'wasm', threads: 1, available: true, note: '' },
  { id: 'wasm-n', label: 'WASM · 4 threads', device: 'wasm', threads: 4, available: true, note: '' },
  { id: 'webgpu', label: 'WebGPU', device: 'webgpu', threads: 1, available: true, note: '' },
];

describe('stage backends', () => {
  test("defaults to the library's auto order: WebGPU, else WASM on the most threads the page offers", () => {
    expect(defaultChoices(options)).toEqual(uniformChoices('webgpu'));
    const noGpu = options.map((o) => (o.id === 'webgpu' ? { ...o, available: false } : o));
    expect(defaultChoices(noGpu)).toEqual(uniformChoices('wasm-n'));
    // A GPU emulated in software is offered, not chosen.
    const emulated = options.map((o) => (o.id === 'webgpu' ? { ...o, emulated: true } : o));
    expect(defaultChoices(emulated)).toEqual(uniformChoices('wasm-n'));
    const single = noGpu.map((o) => (o.id === 'wasm-n' ? { ...o, available: false } : o));
    expect(defaultChoices(single)).toEqual(uniformChoices('wasm-1'));
  });

  test('on two cores the default is WASM on one thread (measured faster), with threads still offered', async () => {
    const twoCores = await probeBackends({ crossOriginIsolated: true, hardwareConcurrency: 2 });
    expect(twoCores.find((o) => o.id === 'wasm-n')).toMatchObject({
      available: true,
      threads: 2,
      note: '2 of 2 logical cores; not the default: slower than 1 thread on 2 cores',
    });
    expect(defaultChoices(twoCores)).toEqual(uniformChoices('wasm-1'));
    const threeCores = await probeBackends({ crossOriginIsolated: true, hardwareConcurrency: 3 });
    expect(defaultChoices(threeCores)).toEqual(uniformChoices('wasm-n'));
  });

  test('picking a WASM thread count moves the other WASM stages to it, not the WebGPU ones', () => {
    const start = { pnet: 'webgpu', rnet: 'wasm-n', onet: 'wasm-n' } as const;
    const { choices, moved } = chooseStageBackend(start, 'rnet', 'wasm-1', options);
    expect(choices).toEqual({ pnet: 'webgpu', rnet: 'wasm-1', onet: 'wasm-1' });
    expect(moved).toEqual(['onet']);
  });

  test('picking WebGPU moves nothing', () => {
    const { choices, moved } = chooseStageBackend(uniformChoices('wasm-1'), 'pnet', 'webgpu', options);
    expect(choices).toEqual({ pnet: 'webgpu', rnet: 'wasm-1', onet: 'wasm-1' });
    expect(moved).toEqual([]);
  });

  test('the worker configuration carries the devices and the one WASM thread count', () => {
    expect(detectorConfig({ pnet: 'webgpu', rnet: 'wasm-n', onet: 'wasm-n' }, options)).toEqual({
      stages: { pnet: 'webgpu', rnet: 'wasm', onet: 'wasm' },
      wasmThreads: 4,
    });
    expect(detectorConfig(uniformChoices('webgpu'), options).wasmThreads).toBe(1);
  });

  test('describes uniform and mixed choices', () => {
    expect(describeChoices(uniformChoices('webgpu'), options)).toBe('WebGPU');
    expect(describeChoices({ pnet: 'webgpu', rnet: 'wasm-1', onet: 'wasm-1' }, options)).toBe(
      'P-Net WebGPU, R-Net WASM · 1 thread, O-Net WASM · 1 thread',
    );
  });
});
