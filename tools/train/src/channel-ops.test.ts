import type * as T from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { biasAdd, type ChannelOp, prelu } from './channel-ops.js';
import { Random } from './random.js';
import { loadTf, type Tf, withCpuBackend } from './tf.js';

let tf: Tf;
beforeAll(async () => {
  tf = await loadTf();
});

function normals(seed: number, n: number): Float32Array {
  const rng = new Random(seed);
  return Float32Array.from({ length: n }, () => rng.normal());
}

/** Value and gradients of Σ r·op(x, p) for x of `shape`, p one per channel. */
function run(op: ChannelOp, shape: number[]) {
  const size = shape.reduce((a, b) => a * b, 1);
  const c = shape[shape.length - 1]!;
  return tf.tidy(() => {
    const x = tf.tensor(normals(1, size), shape);
    const p = tf.tensor1d(normals(2, c));
    const r = tf.tensor(normals(3, size), shape);
    const f = (a: T.Tensor, b: T.Tensor) => tf.sum(tf.mul(op(a, b), r));
    const [dx, dp] = tf.grads(f)([x, p]);
    return {
      y: Array.from(op(x, p).dataSync()),
      dx: Array.from(dx!.dataSync()),
      dp: Array.from(dp!.dataSync()),
    };
  });
}

describe.each([
  ['NHWC', [6, 7, 5, 8]],
  ['[N, C]', [40, 16]],
])('channel ops on %s', (_, shape) => {
  it.each([
    ['biasAdd', biasAdd, (t: Tf) => (x: T.Tensor, b: T.Tensor) => t.add(x, b)],
    ['prelu', prelu, (t: Tf) => (x: T.Tensor, a: T.Tensor) => t.prelu(x, a)],
  ] as const)('%s: tfjs CPU’s values and gradients', async (_name, ours, reference) => {
    const got = run(ours(tf), shape as number[]);
    const want = await withCpuBackend(() => run(reference(tf), shape as number[]));
    // Elementwise: the same float32 operations, bit for bit.
    expect(got.y).toEqual(want.y);
    expect(got.dx).toEqual(want.dx);
    // Channel sums of 40 to 210 products of N(0, 1) values, summed in another order (a matrix product):
    // ulps of sums of order 10; 1e-4 is far below any wrongly routed term.
    for (const [i, v] of got.dp.entries()) expect(Math.abs(v - want.dp[i]!)).toBeLessThan(1e-4);
    expect(Math.max(...want.dp.map(Math.abs))).toBeGreaterThan(1);
  });
});
