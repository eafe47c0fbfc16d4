// Stochastic gradient descent with momentum, as TensorFlow's MomentumOptimizer (the Python reimplementations'
// choice): v ← μ·v + g, w ← w − lr·v. Its velocities are plain state that a checkpoint saves and restores.
import type { Initializer } from '@mtcnn/weights';
import type * as T from '@tensorflow/tfjs';
import { type Param, toInternal, toOnnx } from './graph-net.js';
import type { Tf } from './tf.js';

export class MomentumSgd {
  private readonly velocity: T.Variable[];

  constructor(
    private readonly tf: Tf,
    private readonly params: readonly Param[],
    readonly momentum = 0.9,
  ) {
    this.velocity = params.map((p) => tf.variable(tf.zerosLike(p.variable), false));
  }

  /** One update from gradients keyed by variable name (tf.variableGrads' output). */
  apply(grads: Record<string, T.Tensor>, learningRate: number): void {
    const { tf } = this;
    tf.tidy(() => {
      this.params.forEach((p, i) => {
        const g = grads[p.variable.name];
        if (!g) return;
        const v = this.velocity[i]!;
        v.assign(tf.add(tf.mul(v, this.momentum), g));
        p.variable.assign(tf.sub(p.variable, tf.mul(v, learningRate)));
      });
    });
  }

  /** The velocities in the weights' ONNX layouts and names. */
  state(): Initializer[] {
    return this.params.map((p, i) => ({
      name: p.name,
      dims: [...p.dims],
      data: toOnnx(p.role, p.dims, this.velocity[i]!.dataSync() as Float32Array),
    }));
  }

  load(state: readonly Initializer[]): void {
    const byName = new Map(state.map((s) => [s.name, s]));
    this.params.forEach((p, i) => {
      const s = byName.get(p.name);
      if (!s) throw new Error(`no momentum for ${p.name}`);
      const { data, shape } = toInternal(p.role, s);
      this.tf.tidy(() => this.velocity[i]!.assign(this.tf.tensor(data, shape)));
    });
  }

  dispose(): void {
    for (const v of this.velocity) v.dispose();
  }
}
