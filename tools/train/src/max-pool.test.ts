import type * as T from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { maxPoolValid } from './max-pool.js';
import { Random } from './random.js';
import { loadTf, type Tf, withCpuBackend } from './tf.js';

let tf: Tf;
beforeAll(async () => {
  tf = await loadTf();
});

function values(seed: number, n: number): Float32Array {
  const rng = new Random(seed);
  return Float32Array.from({ length: n }, () => rng.normal());
}

function poolGradient(
  pool: (x: T.Tensor4D) => T.Tensor4D,
  x: Float32Array,
  shape: [number, number, number, number],
  dy: Float32Array,
): { y: Float32Array; dx: Float32Array } {
  return tf.tidy(() => {
    const input = tf.tensor4d(x, shape);
    const y = pool(input);
    const dx = tf.grad((t: T.Tensor) => tf.sum(tf.mul(pool(t as T.Tensor4D), tf.tensor(dy, y.shape))))(input);
    return { y: y.dataSync() as Float32Array, dx: dx.dataSync() as Float32Array };
  });
}

// The pools of the three stages: 2/2 and 3/2, on even and odd sizes.
const CASES: [number, number, [number, number, number, number]][] = [
  [2, 2, [3, 10, 10, 4]],
  [2, 2, [2, 11, 9, 3]],
  [3, 2, [2, 22, 22, 5]],
  [3, 2, [2, 23, 21, 3]],
];

describe('maxPoolValid', () => {
  it.each(CASES)('k %i s %i on %j: tfjs CPU’s values and gradients', async (k, s, shape) => {
    const x = values(
      k * 100 + shape[1],
      shape.reduce((a, b) => a * b, 1),
    );
    const oh = Math.floor((shape[1] - k) / s) + 1;
    const ow = Math.floor((shape[2] - k) / s) + 1;
    const dy = values(5, shape[0] * oh * ow * shape[3]);
    const ours = poolGradient((t) => maxPoolValid(tf, t, k, s), x, shape, dy);
    const reference = await withCpuBackend(() =>
      poolGradient((t) => tf.maxPool(t, k, s, 'valid'), x, shape, dy),
    );
    // The values are a selection: equal bit for bit.
    expect(Array.from(ours.y)).toEqual(Array.from(reference.y));
    // A gradient where 3×3 windows overlap is a sum of up to four dy values, taken in another order: a few
    // ulps of values of order 1 (dy ~ N(0, 1)); a wrongly routed gradient moves a value by a whole dy.
    let routed = 0;
    for (let i = 0; i < ours.dx.length; i++) {
      expect(Math.abs(ours.dx[i]! - reference.dx[i]!)).toBeLessThanOrEqual(1e-6);
      if (reference.dx[i] !== 0) routed++;
    }
    expect(routed).toBeGreaterThanOrEqual(ours.y.length * 0.5);
  });

  it('is needed: the wasm backend’s own MaxPoolGrad loses windows of negative values', () => {
    const shape: [number, number, number, number] = [1, 4, 4, 1];
    const x = Float32Array.from([1, 5, 3, 2, 9, 8, 7, 6, -4, -1, 11, 12, -3, -2, 14, 15]);
    const dy = Float32Array.from([1, 2, 3, 4]);
    const wasm = poolGradient((t) => tf.maxPool(t, 2, 2, 'valid'), x, shape, dy);
    const ours = poolGradient((t) => maxPoolValid(tf, t, 2, 2), x, shape, dy);
    // The bottom-left window's maximum, −1 at index 9, gets dy = 3 from ours.
    expect(ours.dx[9]).toBe(3);
    // If a later tfjs fixes its kernel, this fails: then tf.maxPool can serve again.
    expect(wasm.dx[9]).toBe(0);
  });
});
