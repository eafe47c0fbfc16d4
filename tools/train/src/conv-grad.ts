// conv2d (stride 1, no padding: every MTCNN convolution) with its gradients written as forward convolutions.
// The wasm backend has no Conv2DBackpropFilter kernel, so tfjs's own conv2d cannot be differentiated there
// with respect to its kernel.

import type * as T from '@tensorflow/tfjs';
import type { Tf } from './tf.js';

export type Conv2dValid = (x: T.Tensor4D, w: T.Tensor4D) => T.Tensor4D;

/**
 * `x` NHWC, `w` HWIO (tfjs's layouts); returns a differentiable valid convolution.
 *
 * dW[i,j,ci,co] = Σ_{n,ho,wo} x[n,ho+i,wo+j,ci]·dy[n,ho,wo,co]: a valid convolution of x seen as a batch of
 * Cin images with N channels ([Cin,H,W,N]) by dy seen as a [Ho,Wo,N,Cout] kernel.
 * dx: the "full" convolution of dy (padded by kh−1, kw−1) with the spatially flipped kernel, in and out swapped.
 * Both are forward convolutions, which the wasm backend runs with XNNPACK. `inputGradient: false` gives zeros
 * for dx, for a layer whose input is the image.
 */
export function conv2dValid(tf: Tf, options: { inputGradient?: boolean } = {}): Conv2dValid {
  const inputGradient = options.inputGradient ?? true;
  const f = tf.customGrad((x, w, save) => {
    const keep = save as T.GradSaveFunc;
    const x4 = x as T.Tensor4D;
    const w4 = w as T.Tensor4D;
    keep([x4, w4]);
    return {
      value: tf.conv2d(x4, w4, 1, 'valid'),
      gradFunc: (dy, saved) => {
        const [xs, ws] = saved as [T.Tensor4D, T.Tensor4D];
        const dy4 = dy as T.Tensor4D;
        // The first layer's input is the image: nothing upstream needs its gradient, the costliest of the two
        // there (three output channels keep XNNPACK's vector lanes mostly empty).
        const dx = inputGradient ? fullConv(tf, dy4, ws) : tf.zerosLike(xs);
        const dw = tf.tidy(() => {
          const xt = tf.transpose(xs, [3, 1, 2, 0]);
          const dyt = tf.transpose(dy4, [1, 2, 0, 3]);
          return tf.transpose(tf.conv2d(xt, dyt, 1, 'valid'), [1, 2, 0, 3]);
        });
        return [dx, dw];
      },
    };
  });
  return (x, w) => f(x, w) as T.Tensor4D;
}

/** The input gradient: dy padded by kh − 1, kw − 1 convolved with the flipped kernel, in and out swapped. */
function fullConv(tf: Tf, dy: T.Tensor4D, w: T.Tensor4D): T.Tensor4D {
  const [kh, kw] = w.shape;
  return tf.tidy(() => {
    const padded = tf.pad(dy, [
      [0, 0],
      [kh - 1, kh - 1],
      [kw - 1, kw - 1],
      [0, 0],
    ]);
    const flipped = tf.transpose(tf.reverse(w, [0, 1]), [0, 1, 3, 2]) as T.Tensor4D;
    return tf.conv2d(padded, flipped, 1, 'valid');
  });
}
