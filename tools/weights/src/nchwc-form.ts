// The "nchwc" form of a converted model: the same network, rewritten so that onnxruntime's CPU provider can
// keep every feature map in its blocked NCHWc layout from the first convolution to the heads.
//
// onnxruntime (x86-64) runs Conv, MaxPool, Relu, Sigmoid, Add and BatchNormalization on NCHWc tensors, but not
// PRelu or a Softmax over channels; and it converts a convolution only if its input channels are fewer than
// one block or a whole number of blocks. The portable graph therefore pays, around every PRelu, a reorder out
// of NCHWc and back, plus PRelu's own slow broadcast, plus a transposing Softmax on P-Net's map: together over
// half the CPU time (see tools/bench). Four rewrites remove all of that:
//
// 1. Channel padding: a convolution whose output feeds (through PRelu / MaxPool) only other convolutions gets
//    zero filters up to a multiple of NCHWC_CHANNEL_ALIGNMENT. The extra channels are 0 after every op on the
//    way (prelu(0) = 0, max of zeros = 0) and meet zero weights in the next convolution.
// 2. PRelu on a map: prelu(y) = y + (1 - a) * relu(-y), built from two BatchNormalizations used as per-channel
//    scales (onnxruntime turns them into 1x1 depthwise NCHWc convolutions), a Relu fused into the first and the
//    Add fused into the second.
// 3. Pool before PRelu, where a PRelu between a first-layer convolution and a max pool can be moved past the pool
//    using only the padding channels of the convolution's last NCHWc block (P-Net's first layer: 10 channels, 6
//    of them with a negative slope, in a block of 16). The convolution also emits a * y for each negative-slope
//    channel, the pool runs on the raw maps, and the PRelu, rebuilt from a 1x1 convolution and a per-channel
//    scale (see poolBeforePrelu), runs on a map 4x smaller without leaving NCHWc. R-Net's and O-Net's first
//    layers have no room in their block; a wider block, or a second convolution for the extra maps, measured
//    slower or no faster than rewrite 2 there.
// 4. A two-class Softmax over a convolution's channels: softmax(z)_1 = sigmoid(z1 - z0) and
//    softmax(z)_0 = sigmoid(z0 - z1), so the convolution emits the two differences (filters and biases
//    subtracted) and a Sigmoid, fused into it, finishes the job. Outputs keep their names and shapes.
//
// Mathematically the same function; in float32 the results differ by rounding only (about 1e-6, tested
// against the TFLite graph like the portable form). The portable form stays the default for every other
// runtime: on onnxruntime-web's WASM backend this form is slower (no NCHWc kernels there).
import type { GraphSpec, Initializer, NodeSpec } from './onnx-writer.js';

/** onnxruntime's NCHWc block on AVX-512 (16 floats); a multiple of the AVX2 block (8). */
export const NCHWC_CHANNEL_ALIGNMENT = 16;

function roundUp(channels: number): number {
  return Math.ceil(channels / NCHWC_CHANNEL_ALIGNMENT) * NCHWC_CHANNEL_ALIGNMENT;
}

function cloneGraph(g: GraphSpec): GraphSpec {
  return {
    ...g,
    inputs: g.inputs.map((v) => ({ ...v, shape: [...v.shape] })),
    outputs: g.outputs.map((v) => ({ ...v, shape: [...v.shape] })),
    nodes: g.nodes.map((n) => ({
      ...n,
      inputs: [...n.inputs],
      outputs: [...n.outputs],
      ...(n.attributes ? { attributes: { ...n.attributes } } : {}),
    })),
    initializers: g.initializers.map((i) => ({ ...i, dims: [...i.dims], data: i.data.slice() })),
  };
}

class GraphEditor {
  constructor(readonly graph: GraphSpec) {}

  initializer(name: string | undefined): Initializer {
    const init = this.graph.initializers.find((i) => i.name === name);
    if (!init) throw new Error(`nchwc form: no initializer "${name}"`);
    return init;
  }

  consumers(value: string): NodeSpec[] {
    return this.graph.nodes.filter((n) => n.inputs.includes(value));
  }

  isGraphOutput(value: string): boolean {
    return this.graph.outputs.some((o) => o.name === value);
  }

  producer(value: string): NodeSpec | undefined {
    return this.graph.nodes.find((n) => n.outputs.includes(value));
  }
}

function padded(data: Float32Array, length: number): Float32Array {
  const out = new Float32Array(length);
  out.set(data);
  return out;
}

/**
 * The PRelu / MaxPool nodes between a convolution's output and the convolutions that read it, and those
 * convolutions; null if the output goes anywhere else (a graph output, a Flatten, a Softmax).
 */
function paddablePath(ed: GraphEditor, value: string): { between: NodeSpec[]; convs: NodeSpec[] } | null {
  const between: NodeSpec[] = [];
  const convs: NodeSpec[] = [];
  const pending = [value];
  while (pending.length > 0) {
    const v = pending.pop()!;
    if (ed.isGraphOutput(v)) return null;
    for (const n of ed.consumers(v)) {
      if (n.opType === 'Conv' && n.inputs[0] === v) convs.push(n);
      else if ((n.opType === 'PRelu' || n.opType === 'MaxPool') && n.inputs[0] === v) {
        between.push(n);
        pending.push(n.outputs[0]!);
      } else return null;
    }
  }
  return convs.length > 0 ? { between, convs } : null;
}

/** Zero weights for a convolution's extra input channels, up to `channels`. */
function padInputChannels(ed: GraphEditor, conv: NodeSpec, channels: number): void {
  const w = ed.initializer(conv.inputs[1]);
  const [o, i, h, k] = w.dims as [number, number, number, number];
  const spatial = h * k;
  const data = new Float32Array(o * channels * spatial);
  for (let oc = 0; oc < o; oc++) {
    data.set(w.data.subarray(oc * i * spatial, (oc + 1) * i * spatial), oc * channels * spatial);
  }
  w.data = data;
  w.dims = [o, channels, h, k];
}

function padConvOutputs(ed: GraphEditor): void {
  for (const conv of ed.graph.nodes.filter((n) => n.opType === 'Conv')) {
    const w = ed.initializer(conv.inputs[1]);
    const [cout, cin, kh, kw] = w.dims as [number, number, number, number];
    const target = roundUp(cout);
    if (target === cout) continue;
    const path = paddablePath(ed, conv.outputs[0]!);
    if (path === null) continue;
    w.data = padded(w.data, target * cin * kh * kw);
    w.dims = [target, cin, kh, kw];
    const b = ed.initializer(conv.inputs[2]);
    b.data = padded(b.data, target);
    b.dims = [target];
    for (const n of path.between) {
      if (n.opType !== 'PRelu') continue;
      const a = ed.initializer(n.inputs[1]);
      a.data = padded(a.data, target);
      a.dims = [target, 1, 1];
    }
    for (const next of path.convs) padInputChannels(ed, next, target);
  }
}

/** x * s per channel: a BatchNormalization with mean 0, variance 1, epsilon 0 is x * s + 0, exactly. */
function channelScale(x: string, s: string, zero: string, one: string, out: string): NodeSpec {
  return {
    opType: 'BatchNormalization',
    name: out,
    inputs: [x, s, zero, zero, one],
    outputs: [out],
    attributes: { epsilon: 0 },
    floatAttributes: ['epsilon'],
  };
}

/**
 * Conv -> PRelu -> MaxPool as Conv' -> MaxPool -> Relu(Conv1x1) -> scale + Add, all ops onnxruntime keeps in NCHWc
 * (PRelu and Max it does not: reordering out and back cost more than the pool), where the extra maps fit in the
 * padding of the convolution's last NCHWc block (its output is padded to that block anyway) and the convolution is
 * cheap per output (input channels below one block: a first layer). Per channel, with slope a, y the
 * convolution's map and M the max of y over a pooling window:
 *   a >= 0: prelu is non-decreasing, so the pool of prelu(y) is prelu(M) = M + (1 - a) * relu(-M).
 *   a < 0:  prelu(y) = max(y, a * y), so the pool of prelu(y) is max(M, N) = M + relu(N - M), with N the max of
 *           a * y: an extra map of the convolution (its filter and bias times a), pooled with the others.
 * The 1x1 convolution computes -M or N - M (Relu fused), the scale multiplies by 1 - a or 1 and adds the pooled
 * map back (onnxruntime fuses the Add into it); the extra channels come out as the N maps, for zero weights.
 * Exact where the window's result is y itself (M >= 0, or M >= N): relu gives 0 and the Add gives M. Elsewhere
 * it rounds where the reference rounds only a * y once: for a >= 0 like preluMapsAsScales; for a < 0 in the
 * convolution's a * y (from the products a * w), in N - M and in the Add.
 */
function poolBeforePrelu(ed: GraphEditor): void {
  for (const conv of ed.graph.nodes.filter((n) => n.opType === 'Conv')) {
    const [prelu, ...otherUses] = ed.consumers(conv.outputs[0]!);
    if (otherUses.length > 0 || prelu?.opType !== 'PRelu' || ed.isGraphOutput(conv.outputs[0]!)) continue;
    const [pool, ...otherPreluUses] = ed.consumers(prelu.outputs[0]!);
    if (otherPreluUses.length > 0 || pool?.opType !== 'MaxPool' || ed.isGraphOutput(prelu.outputs[0]!))
      continue;
    const slope = ed.initializer(prelu.inputs[1]).data;
    const [channels, cin] = ed.initializer(conv.inputs[1]).dims as [number, number];
    const negative = [...slope.keys()].filter((c) => slope[c]! < 0);
    const total = roundUp(channels);
    if (cin >= NCHWC_CHANNEL_ALIGNMENT || channels + negative.length > total) continue;

    addScaledMaps(ed, conv, slope, negative, total);
    const name = pool.outputs[0]!;
    const pooled = `${name}/before_prelu`;
    pool.inputs = [conv.outputs[0]!];
    pool.outputs = [pooled];
    ed.graph.nodes.splice(ed.graph.nodes.indexOf(prelu), 1);
    ed.graph.nodes.splice(
      ed.graph.nodes.indexOf(pool) + 1,
      0,
      ...preluOfPooled(ed, pooled, name, slope, negative, total),
    );
    // The next convolutions read all channels of the block; the extra ones meet zero weights.
    for (const next of ed.consumers(name)) {
      if (next.opType !== 'Conv') throw new Error(`nchwc form: ${name} feeds ${next.opType}, not a Conv`);
      padInputChannels(ed, next, total);
    }
  }
}

/** A convolution's maps y, then a * y for each negative-slope channel (filter and bias times a), then zeros. */
function addScaledMaps(
  ed: GraphEditor,
  conv: NodeSpec,
  slope: Float32Array,
  negative: readonly number[],
  total: number,
): void {
  const w = ed.initializer(conv.inputs[1]);
  const b = ed.initializer(conv.inputs[2]);
  const [channels, cin, kh, kw] = w.dims as [number, number, number, number];
  const k = cin * kh * kw;
  const weights = padded(w.data, total * k);
  const bias = padded(b.data, total);
  negative.forEach((c, j) => {
    for (let i = 0; i < k; i++) weights[(channels + j) * k + i] = slope[c]! * w.data[c * k + i]!;
    bias[channels + j] = slope[c]! * b.data[c]!;
  });
  w.data = weights;
  w.dims = [total, cin, kh, kw];
  b.data = bias;
  b.dims = [total];
}

/** The pooled PRelu `out` from the pooled maps [M, N] (see poolBeforePrelu): Relu(Conv1x1), then scale + Add. */
function preluOfPooled(
  ed: GraphEditor,
  pooled: string,
  out: string,
  slope: Float32Array,
  negative: readonly number[],
  total: number,
): NodeSpec[] {
  const channels = slope.length;
  const constant = (suffix: string, dims: number[], data: Float32Array) => {
    ed.graph.initializers.push({ name: `${out}/${suffix}`, dims, data });
    return `${out}/${suffix}`;
  };
  // -M for every channel, plus N for the negative-slope ones; the rows past the real channels stay 0.
  const pick = new Float32Array(total * total);
  for (let c = 0; c < channels; c++) pick[c * total + c] = -1;
  negative.forEach((c, j) => {
    pick[c * total + channels + j] = 1;
  });
  // 1 - a, or 1 where a < 0; 0 past the real channels, so they pass the pooled map through.
  const factor = new Float32Array(total);
  for (let c = 0; c < channels; c++) factor[c] = slope[c]! < 0 ? 1 : 1 - slope[c]!;
  const zero = constant('zero', [total], new Float32Array(total));
  const one = constant('one', [total], new Float32Array(total).fill(1));
  const relu = `${out}/relu_part`;
  return [
    {
      opType: 'Conv',
      name: `${relu}/input`,
      inputs: [pooled, constant('relu_part/input:W', [total, total, 1, 1], pick), zero],
      outputs: [`${relu}/input`],
      attributes: { kernel_shape: [1, 1], strides: [1, 1], dilations: [1, 1], pads: [0, 0, 0, 0] },
    },
    { opType: 'Relu', name: relu, inputs: [`${relu}/input`], outputs: [relu] },
    channelScale(relu, constant('relu_factor', [total], factor), zero, one, `${out}/scaled_relu_part`),
    { opType: 'Add', name: `${out}/prelu`, inputs: [`${out}/scaled_relu_part`, pooled], outputs: [out] },
  ];
}

/** prelu(y) = y + (1 - a) * relu(-y), from per-channel scales onnxruntime runs in NCHWc. */
function preluMapsAsScales(ed: GraphEditor): void {
  const nodes: NodeSpec[] = [];
  for (const n of ed.graph.nodes) {
    const slope = n.opType === 'PRelu' ? ed.initializer(n.inputs[1]) : undefined;
    if (slope?.dims.length !== 3) {
      nodes.push(n);
      continue;
    }
    const c = slope.dims[0]!;
    const y = n.inputs[0]!;
    const p = n.name;
    const constant = (suffix: string, data: Float32Array) => {
      ed.graph.initializers.push({ name: `${p}/${suffix}`, dims: [c], data });
      return `${p}/${suffix}`;
    };
    const minusOne = constant('minus_one', new Float32Array(c).fill(-1));
    const zero = constant('zero', new Float32Array(c));
    const one = constant('one', new Float32Array(c).fill(1));
    const oneMinusSlope = constant(
      'one_minus_slope',
      Float32Array.from(slope.data, (a) => 1 - a),
    );
    nodes.push(channelScale(y, minusOne, zero, one, `${p}/negated`));
    nodes.push({
      opType: 'Relu',
      name: `${p}/relu_of_negated`,
      inputs: [`${p}/negated`],
      outputs: [`${p}/relu_of_negated`],
    });
    nodes.push(channelScale(`${p}/relu_of_negated`, oneMinusSlope, zero, one, `${p}/negative_part`));
    nodes.push({ opType: 'Add', name: p, inputs: [`${p}/negative_part`, y], outputs: [...n.outputs] });
  }
  // Slopes of rewritten PRelus are no longer read.
  const read = new Set(nodes.flatMap((n) => n.inputs));
  ed.graph.nodes = nodes;
  ed.graph.initializers = ed.graph.initializers.filter((i) => read.has(i.name));
}

/** A Softmax over two channels of a convolution's map: the convolution emits both differences, then Sigmoid. */
function twoClassMapSoftmaxAsSigmoid(ed: GraphEditor): void {
  for (const sm of ed.graph.nodes.filter((n) => n.opType === 'Softmax')) {
    const conv = ed.producer(sm.inputs[0]!);
    if (conv?.opType !== 'Conv' || sm.attributes?.axis !== 1) continue;
    if (ed.consumers(conv.outputs[0]!).length !== 1 || ed.isGraphOutput(conv.outputs[0]!)) continue;
    const w = ed.initializer(conv.inputs[1]);
    const b = ed.initializer(conv.inputs[2]);
    if (w.dims[0] !== 2) continue;
    const k = w.data.length / 2;
    const data = new Float32Array(2 * k);
    for (let i = 0; i < k; i++) {
      data[i] = w.data[i]! - w.data[k + i]!;
      data[k + i] = w.data[k + i]! - w.data[i]!;
    }
    w.data = data;
    b.data = Float32Array.of(b.data[0]! - b.data[1]!, b.data[1]! - b.data[0]!);
    sm.opType = 'Sigmoid';
    delete sm.attributes;
  }
}

/** The nchwc form of a converted graph (see the top of this file). The input graph is not modified. */
export function toNchwcForm(graph: GraphSpec): GraphSpec {
  const ed = new GraphEditor(cloneGraph(graph));
  poolBeforePrelu(ed);
  padConvOutputs(ed);
  preluMapsAsScales(ed);
  twoClassMapSoftmaxAsSigmoid(ed);
  return ed.graph;
}
