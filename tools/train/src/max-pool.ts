// Max pooling (valid, square kernel and stride) with a gradient of our own. The wasm backend's MaxPoolGrad and
// MaxPoolWithArgmax start each window's maximum at FLT_MIN, a positive number, so windows whose values are all
// negative (frequent after a PReLU) lose their gradient (tfjs 4.22; shown in max-pool.test.ts). The forward pass
// is tfjs's (XNNPACK, correct); the backward pass routes dy to each window's first maximum, as tfjs's CPU
// backend does, in a plain loop: a few tens of milliseconds for a batch of 384, far below the convolutions.
import type * as T from '@tensorflow/tfjs';
import type { Tf } from './tf.js';

/** dx of a valid k×k / s max pool of NHWC `x`: each window's dy added at its first (row-major) maximum. */
export function maxPoolBackward(
  x: Float32Array,
  [n, h, w, c]: readonly number[],
  dy: Float32Array,
  k: number,
  s: number,
): Float32Array {
  const oh = Math.floor((h! - k) / s) + 1;
  const ow = Math.floor((w! - k) / s) + 1;
  const C = c!;
  const W = w!;
  const H = h!;
  const dx = new Float32Array(x.length);
  const max = new Float32Array(C);
  const best = new Int32Array(C);
  for (let b = 0; b < n!; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const corner = ((b * H + oy * s) * W + ox * s) * C;
        for (let ch = 0; ch < C; ch++) {
          max[ch] = x[corner + ch]!;
          best[ch] = corner + ch;
        }
        // Window positions in row-major order, channels innermost (contiguous in NHWC); strict > keeps the first.
        for (let i = 0; i < k; i++) {
          for (let j = 0; j < k; j++) {
            const at = corner + (i * W + j) * C;
            for (let ch = 0; ch < C; ch++) {
              const v = x[at + ch]!;
              if (v > max[ch]!) {
                max[ch] = v;
                best[ch] = at + ch;
              }
            }
          }
        }
        const out = ((b * oh + oy) * ow + ox) * C;
        for (let ch = 0; ch < C; ch++) dx[best[ch]!]! += dy[out + ch]!;
      }
    }
  }
  return dx;
}

export type MaxPoolValid = (x: T.Tensor4D, k: number, s: number) => T.Tensor4D;

/** `x` NHWC; windows of `k`×`k` every `s` pixels, no padding (pad `x` beforehand where a graph asks for it). */
export function maxPoolValid(tf: Tf, x: T.Tensor4D, k: number, s: number): T.Tensor4D {
  const f = tf.customGrad((input, save) => {
    const x4 = input as T.Tensor4D;
    (save as T.GradSaveFunc)([x4]);
    return {
      value: tf.maxPool(x4, k, s, 'valid'),
      gradFunc: (dy, saved) => {
        const [xs] = saved as [T.Tensor4D];
        const dx = maxPoolBackward(
          xs.dataSync() as Float32Array,
          xs.shape,
          (dy as T.Tensor).dataSync() as Float32Array,
          k,
          s,
        );
        return tf.tensor4d(dx, xs.shape);
      },
    };
  });
  return f(x) as T.Tensor4D;
}
