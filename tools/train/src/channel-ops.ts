// Bias addition and PReLU with gradients whose per-channel sums run as a matrix product. tfjs's own gradients
// reduce over batch and space with Sum, which the wasm backend does by transposing the whole tensor first
// (measured on O-Net's first layer at batch 384: Sum 400 ms, the product 45 ms).
import type * as T from '@tensorflow/tfjs';
import type { Tf } from './tf.js';

/** Σ over every axis but the last: [..., C] → [C]. */
export function channelSums(tf: Tf, t: T.Tensor): T.Tensor1D {
  const c = t.shape[t.shape.length - 1]!;
  const m = t.size / c;
  // tᵀ · 1 rather than 1ᵀ · t: XNNPACK packs the right-hand matrix, and a ones vector packs cheaply.
  return tf.tidy(
    () => tf.reshape(tf.matMul(tf.reshape(t, [m, c]), tf.ones([m, 1]), true, false), [c]) as T.Tensor1D,
  );
}

export type ChannelOp = (x: T.Tensor, p: T.Tensor) => T.Tensor;

/** x + b, b broadcast over the last (channel) axis. */
export function biasAdd(tf: Tf): ChannelOp {
  const f = tf.customGrad((x, b) => ({
    value: tf.add(x as T.Tensor, b as T.Tensor),
    gradFunc: (dy) => [tf.clone(dy as T.Tensor), channelSums(tf, dy as T.Tensor)],
  }));
  return (x, b) => f(x, b) as T.Tensor;
}

/** PReLU with one slope per channel (the last axis): x where x > 0, α·x elsewhere. */
export function prelu(tf: Tf): ChannelOp {
  const f = tf.customGrad((x, alpha, save) => {
    (save as T.GradSaveFunc)([x as T.Tensor, alpha as T.Tensor]);
    return {
      value: tf.prelu(x as T.Tensor, alpha as T.Tensor),
      gradFunc: (dy, saved) => {
        const [xs, a] = saved as [T.Tensor, T.Tensor];
        const d = dy as T.Tensor;
        const dx = tf.tidy(() => tf.where(tf.greater(xs, 0), d, tf.mul(d, a)));
        // ∂/∂α of α·x on the negative side: x there, 0 elsewhere, x − relu(x) (tf.minimum with a scalar takes
        // the backend's slow broadcasting path).
        const dAlpha = tf.tidy(() => channelSums(tf, tf.mul(d, tf.sub(xs, tf.relu(xs)))));
        return [dx, dAlpha];
      },
    };
  });
  return (x, alpha) => f(x, alpha) as T.Tensor;
}
