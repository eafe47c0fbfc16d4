// Max pooling (valid, square kernel and stride) built from slices and elementwise maxima, so that its gradient
// comes from the Slice and Maximum gradients. The wasm backend's MaxPoolGrad kernel drops the gradient of
// windows whose values are all negative (tfjs 4.22; checked against the CPU backend in max-pool.test.ts), and
// PReLU outputs often are.
import type * as T from '@tensorflow/tfjs';
import type { Tf } from './tf.js';

/** `x` NHWC; windows of `k`×`k` every `s` pixels, no padding (pad `x` beforehand where a graph asks for it). */
export function maxPoolValid(tf: Tf, x: T.Tensor4D, k: number, s: number): T.Tensor4D {
  const [n, h, w, c] = x.shape;
  const oh = Math.floor((h - k) / s) + 1;
  const ow = Math.floor((w - k) / s) + 1;
  // Rows i, i + s, …, i + s·(oh − 1) for every i < k: a slice of s·oh rows seen as [oh, s] takes the first of
  // each pair. The last offsets may reach s − 1 rows past the input: pad with values no window ever picks.
  const extraH = Math.max(0, k - 1 + s * oh - h);
  const extraW = Math.max(0, k - 1 + s * ow - w);
  return tf.tidy(() => {
    const padded =
      extraH > 0 || extraW > 0
        ? tf.pad(
            x,
            [
              [0, 0],
              [0, extraH],
              [0, extraW],
              [0, 0],
            ],
            0,
          )
        : x;
    let out: T.Tensor4D | undefined;
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        const rows = tf.slice(padded, [0, i, j, 0], [n, s * oh, s * ow, c]);
        const picked = tf.reshape(
          tf.slice(tf.reshape(rows, [n, oh, s, ow, s, c]), [0, 0, 0, 0, 0, 0], [n, oh, 1, ow, 1, c]),
          [n, oh, ow, c],
        ) as T.Tensor4D;
        // Maximum routes a tie's gradient to its first operand: the earliest window position wins, as in
        // tfjs's own MaxPoolGrad.
        out = out ? tf.maximum(out, picked) : picked;
      }
    }
    return out!;
  });
}
