import type * as T from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { conv2dValid } from './conv-grad.js';
import { maxPoolValid } from './max-pool.js';
import { Random } from './random.js';
import { loadTf, type Tf, withCpuBackend } from './tf.js';

let tf: Tf;
beforeAll(async () => {
  tf = await loadTf();
});

/** Float32 values from a seeded normal, so both backends see the same numbers. */
function normals(rng: Random, n: number, scale = 1): Float32Array {
  return Float32Array.from({ length: n }, () => rng.normal() * scale);
}

interface Inputs {
  x: Float32Array;
  w1: Float32Array;
  alpha: Float32Array;
  w2: Float32Array;
  r: Float32Array;
}

const X: [number, number, number, number] = [4, 13, 11, 3];
const W1: [number, number, number, number] = [3, 3, 3, 8];
const W2: [number, number, number, number] = [2, 2, 8, 5];
// conv 13×11 → 11×9, pool 2/2 valid → 5×4, conv 2×2 → 4×3.
const OUT: [number, number, number, number] = [4, 4, 3, 5];

function inputs(): Inputs {
  const rng = new Random(7);
  const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
  return {
    x: normals(rng, size(X)),
    w1: normals(rng, size(W1), 0.5),
    alpha: normals(rng, 8, 0.25),
    w2: normals(rng, size(W2), 0.5),
    r: normals(rng, size(OUT)),
  };
}

/** Gradients of Σ r·net(x) with respect to x, both kernels and the PReLU slopes. */
function gradients(
  conv: (x: T.Tensor4D, w: T.Tensor4D) => T.Tensor4D,
  pool: (x: T.Tensor4D) => T.Tensor4D,
  v: Inputs,
): Float32Array[] {
  return tf.tidy(() => {
    const r = tf.tensor4d(v.r, OUT);
    const f = (x: T.Tensor, w1: T.Tensor, alpha: T.Tensor, w2: T.Tensor) => {
      const h = tf.prelu(conv(x as T.Tensor4D, w1 as T.Tensor4D), alpha);
      const p = pool(h as T.Tensor4D);
      return tf.sum(tf.mul(conv(p, w2 as T.Tensor4D), r));
    };
    const grads = tf.grads(f)([
      tf.tensor4d(v.x, X),
      tf.tensor4d(v.w1, W1),
      tf.tensor1d(v.alpha),
      tf.tensor4d(v.w2, W2),
    ]);
    return grads.map((g) => g.dataSync() as Float32Array);
  });
}

describe('conv2dValid', () => {
  it('gives the CPU backend’s own gradients of conv → PReLU → max pool → conv on the wasm backend', async () => {
    const v = inputs();
    const ours = gradients(conv2dValid(tf), (x) => maxPoolValid(tf, x, 2, 2), v);
    const reference = await withCpuBackend(() =>
      gradients(
        (x, w) => tf.conv2d(x, w, 1, 'valid'),
        (x) => tf.maxPool(x, 2, 2, 'valid'),
        v,
      ),
    );
    expect(tf.getBackend()).toBe('wasm');
    let largest = 0;
    for (const [i, g] of ours.entries()) {
      const ref = reference[i]!;
      expect(g.length).toBe(ref.length);
      for (let k = 0; k < g.length; k++) {
        largest = Math.max(largest, Math.abs(ref[k]!));
        // Float32 sums of up to a few hundred products taken in different orders (XNNPACK's blocked loops vs
        // the CPU backend's plain ones): each differs by some ulps of the largest partial sums, ~1e-6
        // relative to the gradients' scale here; 1e-4 relative still catches any wrong index or flip, which
        // moves values by their own magnitude.
        expect(Math.abs(g[k]! - ref[k]!)).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(ref[k]!)));
      }
    }
    // The gradients are not trivially small: the comparison means something.
    expect(largest).toBeGreaterThan(1);
  });

  it('matches tfjs’s conv2d forward', () => {
    const v = inputs();
    const [a, b] = tf.tidy(() => {
      const x = tf.tensor4d(v.x, X);
      const w = tf.tensor4d(v.w1, W1);
      return [conv2dValid(tf)(x, w).dataSync(), tf.conv2d(x, w, 1, 'valid').dataSync()];
    });
    expect(Array.from(a!)).toEqual(Array.from(b!));
  });

  it('for the image layer, skips the input gradient and keeps the kernel’s', () => {
    const v = inputs();
    const [full, image] = [conv2dValid(tf), conv2dValid(tf, { inputGradient: false })].map((conv) =>
      tf.tidy(() => {
        const r = tf.tensor4d(normals(new Random(9), 4 * 11 * 9 * 8), [4, 11, 9, 8]);
        const [dx, dw] = tf.grads((x: T.Tensor, w: T.Tensor) =>
          tf.sum(tf.mul(conv(x as T.Tensor4D, w as T.Tensor4D), r)),
        )([tf.tensor4d(v.x, X), tf.tensor4d(v.w1, W1)]);
        return { dx: Array.from(dx!.dataSync()), dw: Array.from(dw!.dataSync()) };
      }),
    );
    expect(image!.dw).toEqual(full!.dw);
    expect(image!.dx.every((d) => d === 0)).toBe(true);
    expect(full!.dx.some((d) => d !== 0)).toBe(true);
  });
});
