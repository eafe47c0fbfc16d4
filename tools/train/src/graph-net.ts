// A stage's ONNX GraphSpec run with tfjs ops on tf.Variables, so it can be trained. Inside: NHWC activations,
// HWIO kernels (tfjs's layouts). At the boundary: the graph's own initializers in ONNX layouts (OIHW kernels,
// Gemm weights [out, in] over the NCHW flatten order), so trained weights drop back into the graph unchanged.
import type { GraphSpec, Initializer, NodeSpec } from '@mtcnn/weights';
import type * as T from '@tensorflow/tfjs';
import { biasAdd, type ChannelOp, prelu } from './channel-ops.js';
import { conv2dValid } from './conv-grad.js';
import { maxPoolValid } from './max-pool.js';
import type { Tf } from './tf.js';

/** What an initializer is to the network: its layout inside differs by role. */
export type ParamRole = 'conv-kernel' | 'conv-bias' | 'gemm-weight' | 'gemm-bias' | 'prelu-alpha';

export interface Param {
  readonly name: string;
  readonly role: ParamRole;
  /** The ONNX dims, as in the graph. */
  readonly dims: readonly number[];
  readonly variable: T.Variable;
}

/** A training step's view of the outputs: the face logits (before Softmax), box and landmark regressions. */
export interface Heads {
  face: T.Tensor2D;
  box: T.Tensor2D;
  landmarks?: T.Tensor2D;
}

export interface GraphOutputs {
  /** The graph outputs by name: NHWC maps for P-Net, [N, C] for the others. */
  outputs: Record<string, T.Tensor>;
  /** The input of each Softmax, keyed by the Softmax's output name: what the loss takes. */
  logits: Record<string, T.Tensor>;
}

export class GraphNetError extends Error {
  override readonly name = 'GraphNetError';
}

/** Where `-∞` pads a pool: below any activation, yet finite so nothing turns into NaN. */
const POOL_PAD = -3.4e38;

function rolesOf(graph: GraphSpec): Map<string, ParamRole> {
  const roles = new Map<string, ParamRole>();
  for (const node of graph.nodes) {
    const [, weight, bias] = node.inputs;
    if (node.opType === 'Conv') {
      if (weight) roles.set(weight, 'conv-kernel');
      if (bias) roles.set(bias, 'conv-bias');
    } else if (node.opType === 'Gemm') {
      if (weight) roles.set(weight, 'gemm-weight');
      if (bias) roles.set(bias, 'gemm-bias');
    } else if (node.opType === 'PRelu') {
      if (weight) roles.set(weight, 'prelu-alpha');
    }
  }
  return roles;
}

/** OIHW → HWIO. */
function oihwToHwio(data: Float32Array, dims: number[]): Float32Array {
  const [o, i, h, w] = dims as [number, number, number, number];
  const out = new Float32Array(data.length);
  for (let a = 0; a < o; a++)
    for (let b = 0; b < i; b++)
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) out[((y * w + x) * i + b) * o + a] = data[((a * i + b) * h + y) * w + x]!;
  return out;
}

/** HWIO → OIHW. */
function hwioToOihw(data: Float32Array, dims: number[]): Float32Array {
  const [o, i, h, w] = dims as [number, number, number, number];
  const out = new Float32Array(data.length);
  for (let a = 0; a < o; a++)
    for (let b = 0; b < i; b++)
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) out[((a * i + b) * h + y) * w + x] = data[((y * w + x) * i + b) * o + a]!;
  return out;
}

/** An initializer's values in the layout the network uses inside, and that layout's shape. */
export function toInternal(role: ParamRole, init: Initializer): { data: Float32Array; shape: number[] } {
  const d = init.dims;
  switch (role) {
    case 'conv-kernel':
      return { data: oihwToHwio(init.data, d), shape: [d[2]!, d[3]!, d[1]!, d[0]!] };
    case 'gemm-weight':
      return { data: init.data.slice(), shape: [d[0]!, d[1]!] };
    default:
      // Biases and PReLU slopes ([C, 1, 1] or [C]) broadcast over the last (channel) axis.
      return { data: init.data.slice(), shape: [init.data.length] };
  }
}

/** The inverse of {@link toInternal}. */
export function toOnnx(role: ParamRole, dims: readonly number[], data: Float32Array): Float32Array {
  return role === 'conv-kernel' ? hwioToOihw(data, [...dims]) : data.slice();
}

function attr(node: NodeSpec, key: string): number[] | undefined {
  const v = node.attributes?.[key];
  return v === undefined ? undefined : Array.isArray(v) ? v : [v as number];
}

/**
 * A trainable network made from a GraphSpec. Its variables are its own: call {@link GraphNet.dispose}.
 */
export class GraphNet {
  readonly params: Param[];
  private readonly byName: Map<string, Param>;
  private readonly conv;
  private readonly imageConv;
  private readonly biasAdd: ChannelOp;
  private readonly prelu: ChannelOp;

  constructor(
    private readonly tf: Tf,
    readonly graph: GraphSpec,
    initializers: readonly Initializer[] = graph.initializers,
  ) {
    const roles = rolesOf(graph);
    const given = new Map(initializers.map((i) => [i.name, i]));
    this.params = graph.initializers.map((spec) => {
      const role = roles.get(spec.name);
      if (!role) throw new GraphNetError(`initializer ${spec.name} is used by no Conv, Gemm or PRelu`);
      const init = given.get(spec.name);
      if (!init) throw new GraphNetError(`no value for ${spec.name}`);
      if (init.dims.join() !== spec.dims.join() || init.data.length !== spec.data.length)
        throw new GraphNetError(`${spec.name}: dims ${init.dims} given, the graph has ${spec.dims}`);
      const { data, shape } = toInternal(role, init);
      return { name: spec.name, role, dims: spec.dims, variable: tf.variable(tf.tensor(data, shape), true) };
    });
    this.byName = new Map(this.params.map((p) => [p.name, p]));
    this.conv = conv2dValid(tf);
    this.imageConv = conv2dValid(tf, { inputGradient: false });
    this.biasAdd = biasAdd(tf);
    this.prelu = prelu(tf);
  }

  private param(name: string | undefined): T.Variable {
    const p = name === undefined ? undefined : this.byName.get(name);
    if (!p) throw new GraphNetError(`unknown initializer ${name}`);
    return p.variable;
  }

  /** Runs the graph on a normalised NHWC batch. Call inside tf.tidy (or dispose the results). */
  run(input: T.Tensor4D): GraphOutputs {
    const { tf } = this;
    const values = new Map<string, T.Tensor>([[this.graph.inputs[0]!.name, input]]);
    const logits: Record<string, T.Tensor> = {};
    const get = (name: string | undefined): T.Tensor => {
      const v = name === undefined ? undefined : values.get(name);
      if (!v) throw new GraphNetError(`value ${name} is not computed yet`);
      return v;
    };
    for (const node of this.graph.nodes) {
      const x = get(node.inputs[0]);
      let y: T.Tensor;
      switch (node.opType) {
        case 'Conv': {
          const strides = attr(node, 'strides') ?? [1, 1];
          const pads = attr(node, 'pads') ?? [0, 0, 0, 0];
          if (strides.some((s) => s !== 1) || pads.some((p) => p !== 0))
            throw new GraphNetError(`${node.name}: only stride 1 without padding is supported`);
          // Nothing is trained upstream of the image.
          const conv = node.inputs[0] === this.graph.inputs[0]!.name ? this.imageConv : this.conv;
          y = this.biasAdd(
            conv(x as T.Tensor4D, this.param(node.inputs[1]) as T.Tensor4D),
            this.param(node.inputs[2]),
          );
          break;
        }
        case 'PRelu':
          y = this.prelu(x, this.param(node.inputs[1]));
          break;
        case 'MaxPool': {
          const [kh, kw] = attr(node, 'kernel_shape')!;
          const [sh, sw] = attr(node, 'strides') ?? [1, 1];
          const [top, left, bottom, right] = attr(node, 'pads') ?? [0, 0, 0, 0];
          if (kh !== kw || sh !== sw)
            throw new GraphNetError(`${node.name}: only square pools are supported`);
          const padded =
            top || left || bottom || right
              ? tf.pad(
                  x as T.Tensor4D,
                  [
                    [0, 0],
                    [top!, bottom!],
                    [left!, right!],
                    [0, 0],
                  ],
                  POOL_PAD,
                )
              : (x as T.Tensor4D);
          y = maxPoolValid(tf, padded, kh!, sh!);
          break;
        }
        case 'Flatten':
          // ONNX flattens NCHW: channels first, as the Gemm weights expect.
          y = x.rank === 4 ? tf.reshape(tf.transpose(x, [0, 3, 1, 2]), [x.shape[0]!, -1]) : x;
          break;
        case 'Gemm': {
          if ((attr(node, 'transB') ?? [0])[0] !== 1 || attr(node, 'transA')?.[0])
            throw new GraphNetError(`${node.name}: only Gemm with transB = 1 is supported`);
          y = this.biasAdd(
            tf.matMul(x as T.Tensor2D, this.param(node.inputs[1]) as T.Tensor2D, false, true),
            this.param(node.inputs[2]),
          );
          break;
        }
        case 'Softmax': {
          const axis = (attr(node, 'axis') ?? [1])[0];
          if (axis !== 1) throw new GraphNetError(`${node.name}: only Softmax over channels is supported`);
          logits[node.outputs[0]!] = x;
          y = tf.softmax(x);
          break;
        }
        default:
          throw new GraphNetError(`${node.name}: unsupported operator ${node.opType}`);
      }
      values.set(node.outputs[0]!, y);
    }
    const outputs: Record<string, T.Tensor> = {};
    for (const o of this.graph.outputs) outputs[o.name] = get(o.name);
    return { outputs, logits };
  }

  /** The training heads for crops of the stage's own size (P-Net: 12 px, one output cell). */
  heads(input: T.Tensor4D): Heads {
    const { tf } = this;
    const { outputs, logits } = this.run(input);
    const n = input.shape[0];
    const flat = (t: T.Tensor, name: string): T.Tensor2D => {
      if (t.size !== n * t.shape[t.shape.length - 1]!)
        throw new GraphNetError(
          `${name}: ${t.shape} is not one value per crop (train on the stage's crop size)`,
        );
      return tf.reshape(t, [n, -1]) as T.Tensor2D;
    };
    const face = logits.prob;
    if (!face || !outputs.reg) throw new GraphNetError('the graph has no prob (Softmax) or reg output');
    return {
      face: flat(face, 'prob'),
      box: flat(outputs.reg, 'reg'),
      ...(outputs.landmarks ? { landmarks: flat(outputs.landmarks, 'landmarks') } : {}),
    };
  }

  /** The current weights as the graph's initializers (ONNX layouts, names and dims). */
  initializers(): Initializer[] {
    return this.params.map((p) => ({
      name: p.name,
      dims: [...p.dims],
      data: toOnnx(p.role, p.dims, p.variable.dataSync() as Float32Array),
    }));
  }

  /** Overwrites the weights with initializers in ONNX layout. */
  setInitializers(initializers: readonly Initializer[]): void {
    const given = new Map(initializers.map((i) => [i.name, i]));
    for (const p of this.params) {
      const init = given.get(p.name);
      if (!init) throw new GraphNetError(`no value for ${p.name}`);
      const { data, shape } = toInternal(p.role, init);
      this.tf.tidy(() => p.variable.assign(this.tf.tensor(data, shape)));
    }
  }

  dispose(): void {
    for (const p of this.params) p.variable.dispose();
  }
}
