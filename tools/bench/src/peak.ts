// The machine's attainable floating-point rate through the same backend: a large matrix product and a
// convolution-heavy layer, built as ONNX models in-process and run like the cascade's models.
import { benchBackend } from './backends.js';
import { encodeGraph } from './onnx-graph.js';
import { summarize } from './stats.js';
import type { PeakResult } from './types.js';

/** Side of the square matrix product (1024 × 1024 × 1024: 2.1 GFLOP per run). */
export const GEMM_SIZE = 1024;
/** A 3×3 convolution with 64 channels in and out on 128 × 128 (1.2 GFLOP per run): a well-shaped conv. */
export const CONV_CHANNELS = 64;
export const CONV_SIZE = 128;
const CONV_KERNEL = 3;
/** Runs discarded before timing (first-run allocation and weight packing). */
const PEAK_WARM_RUNS = 3;

function randomValues(count: number, seed: number): Float32Array {
  // Deterministic pseudo-random values in [-0.5, 0.5): no denormals, no zeros that could be skipped.
  const out = new Float32Array(count);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < count; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out[i] = (state >>> 0) / 2 ** 32 - 0.5;
  }
  return out;
}

interface PeakModel {
  readonly name: string;
  readonly describe: string;
  readonly bytes: Uint8Array;
  readonly inputShape: number[];
  readonly flop: number;
}

function gemmModel(): PeakModel {
  const n = GEMM_SIZE;
  return {
    name: 'gemm',
    describe: `MatMul ${n}×${n}×${n}`,
    bytes: encodeGraph({
      inputs: [{ name: 'input', shape: [n, n] }],
      outputs: [{ name: 'output', shape: [n, n] }],
      nodes: [{ opType: 'MatMul', inputs: ['input', 'weights'], outputs: ['output'] }],
      initializers: [{ name: 'weights', dims: [n, n], data: randomValues(n * n, 1) }],
    }),
    inputShape: [n, n],
    flop: 2 * n ** 3,
  };
}

function convModel(): PeakModel {
  const c = CONV_CHANNELS;
  const s = CONV_SIZE;
  const k = CONV_KERNEL;
  return {
    name: 'conv',
    describe: `Conv ${k}×${k}, ${c}→${c} channels, ${s}×${s} (same padding)`,
    bytes: encodeGraph({
      inputs: [{ name: 'input', shape: [1, c, s, s] }],
      outputs: [{ name: 'output', shape: [1, c, s, s] }],
      nodes: [
        {
          opType: 'Conv',
          inputs: ['input', 'weights'],
          outputs: ['output'],
          ints: { kernel_shape: [k, k], pads: [1, 1, 1, 1] },
        },
      ],
      initializers: [{ name: 'weights', dims: [c, c, k, k], data: randomValues(c * c * k * k, 2) }],
    }),
    inputShape: [1, c, s, s],
    flop: 2 * c * c * k * k * s * s,
  };
}

export async function measurePeaks(backendId: string, runs: number): Promise<PeakResult[]> {
  const backend = await benchBackend(backendId).create();
  const results: PeakResult[] = [];
  for (const model of [gemmModel(), convModel()]) {
    const session = await backend.createSession(model.bytes);
    try {
      const data = randomValues(
        model.inputShape.reduce((a, b) => a * b, 1),
        3,
      );
      const feeds = { input: { data, dims: model.inputShape } };
      // A session that runs several runs at once (worker threads, one inference thread each) reaches the
      // machine's rate only with that many in flight, as the cascade keeps them.
      const atOnce = Math.max(1, session.concurrency ?? 1);
      const round = () => Promise.all(Array.from({ length: atOnce }, () => session.run(feeds)));
      for (let i = 0; i < PEAK_WARM_RUNS; i++) await round();
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        await round();
        times.push(performance.now() - started);
      }
      const ms = summarize(times);
      results.push({
        backend: backendId,
        name: model.name,
        describe: atOnce > 1 ? `${model.describe}; ${atOnce} runs at once` : model.describe,
        flop: model.flop * atOnce,
        ms,
        gflops: (model.flop * atOnce) / ms.median / 1e6,
      });
    } finally {
      await session.dispose();
    }
  }
  return results;
}
