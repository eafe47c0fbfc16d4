// Translates a TFLite MTCNN graph into an ONNX graph that takes natural-orientation NCHW input.
//
// The source graphs (facenet's MTCNN, via TOCO) expect the image transposed: an NHWC tensor whose
// axis 1 runs along the image's x and axis 2 along its y. Reading that tensor as our NCHW [N,C,H,W]
// means: source axis 1 <-> our W, source axis 2 <-> our H, source axis 3 <-> our C. So every
// spatial parameter is swapped (kernel, stride, dilation, padding), convolution kernels have their
// two spatial axes swapped, and the first fully connected layer gets its columns re-ordered to undo
// the different flatten order. Everything after that layer is orientation-free.
//
// Ops are recognised one at a time or as the two fixed patterns TOCO produced:
//   PReLU:   relu(x) + alpha * neg(relu(neg(x)))      -> PRelu
//   softmax: exp(x - max(x)) / sum(exp(x - max(x)))    -> Softmax
// Anything else is rejected, so the output uses only Conv, PRelu, MaxPool, Softmax, Flatten, Gemm.
import type { GraphSpec, Initializer, NodeSpec, ValueInfo } from './onnx-writer.js';
import { constantData, constantInt32, isConstant, mainSubgraph } from './tflite-constants.js';
import type { TfliteModel, TfliteOperator, TfliteTensor } from './tflite-reader.js';
import type { Padding } from './tflite-schema.js';

export interface ConvertOptions {
  /** Graph name written into the model. */
  name: string;
  docString: string;
  /** Our input's H and W: fixed numbers, or symbolic names for a fully convolutional net. */
  inputHeight: number | string;
  inputWidth: number | string;
  /** Symbolic names for the output spatial dims where they are not fixed. */
  outputHeight: string;
  outputWidth: string;
  /** Source output tensor name -> our output name, in the order the outputs should appear. */
  outputs: { source: string; name: string }[];
}

/** What we know about a value while walking the graph, in OUR (NCHW, natural) terms. */
interface Value {
  name: string;
  /** [N, C, H, W] or [N, C]; H and W are null when they depend on a dynamic input size. */
  rank: 4 | 2;
  channels: number;
  height: number | null;
  width: number | null;
}

interface Axis {
  kernel: number;
  stride: number;
  dilation: number;
}

interface AxisPlan {
  begin: number;
  end: number;
  out: number | null;
}

/** TensorFlow's output size and padding split for one axis of known size. */
function tfAxis(n: number, a: Axis, padding: Padding) {
  const eff = (a.kernel - 1) * a.dilation + 1;
  if (padding === 'VALID') return { out: Math.floor((n - eff) / a.stride) + 1, before: 0, after: 0 };
  const out = Math.ceil(n / a.stride);
  const total = Math.max((out - 1) * a.stride + eff - n, 0);
  return { out, before: Math.floor(total / 2), after: total - Math.floor(total / 2) };
}

/** ONNX Conv / MaxPool output size for explicit pads (default floor rounding). */
function onnxOut(n: number, a: Axis, begin: number, end: number): number {
  const eff = (a.kernel - 1) * a.dilation + 1;
  return Math.floor((n + begin + end - eff) / a.stride) + 1;
}

/**
 * Fixed ONNX pads [begin, end] that reproduce TF SAME pooling along an axis for EVERY input size
 * n >= kernel, or null if there are none. (We avoid `ceil_mode`: onnxruntime-web's WebGPU EP
 * rejects MaxPool with ceil_mode=1, and explicit pads work on every EP.)
 *
 * Proof by periodicity: going from n to n + stride adds exactly one output both to TF's
 * ceil(n / stride) and to ONNX's floor((n + begin + end - kernel) / stride) + 1, and TF's leading
 * pad depends only on n mod stride. So if one full period n = kernel .. kernel + stride - 1 has
 * equal counts, a TF leading pad equal to `begin`, and every ONNX window starting inside the input,
 * then every n does. Equal leading pads make the windows cover the same input cells, and padded
 * cells never win a max (both runtimes skip them), so the values are the same too.
 */
export function fixedPadsForSame(a: Axis): [number, number] | null {
  const first = tfAxis(a.kernel, a, 'SAME');
  const begin = first.before;
  for (let end = 0; end < a.kernel * a.dilation; end++) {
    let ok = true;
    for (let n = a.kernel; n < a.kernel + a.stride && ok; n++) {
      const tf = tfAxis(n, a, 'SAME');
      const out = onnxOut(n, a, begin, end);
      ok = tf.before === begin && tf.out === out && (out - 1) * a.stride - begin < n;
    }
    if (ok) return [begin, end];
  }
  return null;
}

/** Padding for a convolution along one axis. */
function convAxis(n: number | null, a: Axis, padding: Padding, what: string): AxisPlan {
  if (n !== null) {
    const tf = tfAxis(n, a, padding);
    if (tf.out <= 0) throw new Error(`convert: ${what}: input size ${n} too small`);
    return { begin: tf.before, end: tf.after, out: tf.out };
  }
  if (padding === 'VALID') return { begin: 0, end: 0, out: null };
  // SAME with stride 1 pads kernel-1 in total whatever the size; with larger strides it may depend on n.
  const pads = fixedPadsForSame(a);
  if (pads === null)
    throw new Error(`convert: ${what}: SAME padding with stride ${a.stride} on a dynamic size`);
  return { begin: pads[0], end: pads[1], out: null };
}

/** Padding (and rounding mode) for a max pool along one axis. */
function poolAxis(n: number | null, a: Axis, padding: Padding, what: string): AxisPlan {
  if (n !== null) {
    const tf = tfAxis(n, a, padding);
    if (tf.out <= 0) throw new Error(`convert: ${what}: input size ${n} too small`);
    if (onnxOut(n, a, tf.before, tf.after) !== tf.out) throw new Error(`convert: ${what}: padding mismatch`);
    return { begin: tf.before, end: tf.after, out: tf.out };
  }
  if (padding === 'VALID') return { begin: 0, end: 0, out: null };
  const pads = fixedPadsForSame(a);
  if (pads === null) {
    throw new Error(
      `convert: ${what}: SAME pooling ${a.kernel}/${a.stride} on a dynamic size has no fixed-pads form`,
    );
  }
  return { begin: pads[0], end: pads[1], out: null };
}

export function convertGraph(model: TfliteModel, opts: ConvertOptions): GraphSpec {
  const sg = mainSubgraph(model);
  const tensor = (i: number | undefined): TfliteTensor => {
    const t = i === undefined ? undefined : sg.tensors[i];
    if (t === undefined) throw new Error(`convert: tensor index ${i} out of range`);
    return t;
  };
  const consumers = new Map<number, number[]>();
  sg.operators.forEach((op, k) => {
    for (const i of op.inputs) if (i >= 0) consumers.set(i, [...(consumers.get(i) ?? []), k]);
  });
  const graphOutputs = new Set(sg.outputs);
  /** The only consumer of tensor i, if it has exactly one and is not a graph output. */
  const soleConsumer = (i: number): TfliteOperator | null => {
    const c = consumers.get(i) ?? [];
    return c.length === 1 && !graphOutputs.has(i) ? sg.operators[c[0]!]! : null;
  };
  const constant = (i: number | undefined, what: string) => {
    const t = tensor(i);
    if (!isConstant(model, t)) throw new Error(`convert: ${what} ("${t.name}") is not a constant`);
    return { tensor: t, data: constantData(model, t) };
  };
  const noActivation = (op: TfliteOperator) => {
    const o = op.options;
    if ('activation' in o && o.activation !== 'NONE') {
      throw new Error(`convert: ${op.opName} with fused ${o.activation} is not supported`);
    }
  };

  // Our names: graph outputs get their public names, everything else keeps the source tensor name.
  const outputName = new Map<number, string>();
  for (const o of opts.outputs) {
    const i = sg.outputs.find((t) => tensor(t).name === o.source);
    if (i === undefined) {
      const have = sg.outputs.map((t) => tensor(t).name).join(', ');
      throw new Error(`convert: source graph has no output "${o.source}" (outputs: ${have})`);
    }
    outputName.set(i, o.name);
  }
  if (outputName.size !== sg.outputs.length) throw new Error('convert: not every source output is mapped');
  const nameOf = (i: number) => outputName.get(i) ?? tensor(i).name;

  const values = new Map<number, Value>();
  const nodes: NodeSpec[] = [];
  const initializers: Initializer[] = [];
  const done = new Set<TfliteOperator>();
  const valueAt = (i: number | undefined, what: string): Value => {
    const v = i === undefined ? undefined : values.get(i);
    if (v === undefined) throw new Error(`convert: ${what}: input not computed yet`);
    return v;
  };

  // The input: source [1, W, H, C] (transposed image) becomes our [N, C, H, W].
  if (sg.inputs.length !== 1) throw new Error(`convert: expected one input, found ${sg.inputs.length}`);
  const inT = tensor(sg.inputs[0]);
  if (inT.shape.length !== 4) throw new Error(`convert: input "${inT.name}" is not 4-D`);
  const inputChannels = inT.shape[3]!;
  const fixed = (d: number | string) => (typeof d === 'number' ? d : null);
  values.set(sg.inputs[0]!, {
    name: 'input',
    rank: 4,
    channels: inputChannels,
    height: fixed(opts.inputHeight),
    width: fixed(opts.inputWidth),
  });
  let flattened = false;

  /** Matches relu(x) + alpha * neg(relu(neg(x))) starting from x. */
  const matchPrelu = (x: number) => {
    const c = (consumers.get(x) ?? []).map((k) => sg.operators[k]!);
    const relu = c.find((op) => op.opName === 'RELU');
    const neg1 = c.find((op) => op.opName === 'NEG');
    if (c.length !== 2 || !relu || !neg1) return null;
    const relu2 = soleConsumer(neg1.outputs[0]!);
    if (relu2?.opName !== 'RELU') return null;
    const neg2 = soleConsumer(relu2.outputs[0]!);
    if (neg2?.opName !== 'NEG') return null;
    const mul = soleConsumer(neg2.outputs[0]!);
    if (mul?.opName !== 'MUL') return null;
    const alphaIndex = mul.inputs.find((i) => i !== neg2.outputs[0]);
    const add = soleConsumer(mul.outputs[0]!);
    if (add?.opName !== 'ADD' || soleConsumer(relu.outputs[0]!) !== add) return null;
    if (!add.inputs.includes(relu.outputs[0]!)) return null;
    for (const op of [mul, add]) noActivation(op);
    return {
      ops: [relu, neg1, relu2, neg2, mul, add],
      alpha: constant(alphaIndex, 'PReLU alpha'),
      out: add.outputs[0]!,
    };
  };

  /** The single reduction axis of a REDUCE_MAX / SUM, which must be the channel (last) axis. */
  const lastAxisReduction = (op: TfliteOperator, rank: number) => {
    const axes = constantInt32(model, tensor(op.inputs[1]));
    const a = axes[0]!;
    return (
      op.options.kind === 'Reducer' &&
      op.options.keepDims &&
      axes.length === 1 &&
      (a === rank - 1 || a === -1)
    );
  };

  /** Matches exp(x - max(x)) / sum(exp(x - max(x))) over the channel axis, starting at the REDUCE_MAX. */
  const matchSoftmax = (max: TfliteOperator, rank: number) => {
    const x = max.inputs[0]!;
    if (!lastAxisReduction(max, rank)) return null;
    const sub = soleConsumer(max.outputs[0]!);
    if (sub?.opName !== 'SUB' || sub.inputs[0] !== x || sub.inputs[1] !== max.outputs[0]) return null;
    const exp = soleConsumer(sub.outputs[0]!);
    if (exp?.opName !== 'EXP') return null;
    const c = (consumers.get(exp.outputs[0]!) ?? []).map((k) => sg.operators[k]!);
    const sum = c.find((op) => op.opName === 'SUM');
    const div = c.find((op) => op.opName === 'DIV');
    if (c.length !== 2 || !sum || !div || !lastAxisReduction(sum, rank)) return null;
    if (soleConsumer(sum.outputs[0]!) !== div) return null;
    if (div.inputs[0] !== exp.outputs[0] || div.inputs[1] !== sum.outputs[0]) return null;
    for (const op of [sub, div]) noActivation(op);
    return { ops: [max, sub, exp, sum, div], out: div.outputs[0]! };
  };

  for (const op of sg.operators) {
    if (done.has(op)) continue;
    const outIndex = op.outputs[0]!;
    const what = `${op.opName} -> "${tensor(outIndex).name}"`;
    switch (op.opName) {
      case 'CONV_2D': {
        const o = op.options;
        if (o.kind !== 'Conv2D') throw new Error(`convert: ${what}: missing options`);
        noActivation(op);
        const x = valueAt(op.inputs[0], what);
        if (x.rank !== 4) throw new Error(`convert: ${what}: input is not 4-D`);
        const w = constant(op.inputs[1], `${what} weights`);
        const [cout, ka, kb, cin] = w.tensor.shape as [number, number, number, number];
        if (cin !== x.channels)
          throw new Error(`convert: ${what}: ${x.channels} channels in, filter wants ${cin}`);
        // Source kernel [O, Ka (along x), Kb (along y), I] -> ONNX [O, I, kH = Kb, kW = Ka].
        const oihw = new Float32Array(w.data.length);
        for (let co = 0; co < cout; co++)
          for (let ci = 0; ci < cin; ci++)
            for (let y = 0; y < kb; y++)
              for (let xx = 0; xx < ka; xx++)
                oihw[((co * cin + ci) * kb + y) * ka + xx] = w.data[((co * ka + xx) * kb + y) * cin + ci]!;
        const wName = `${w.tensor.name}:OIHW`;
        initializers.push({ name: wName, dims: [cout, cin, kb, ka], data: oihw });
        const inputs = [x.name, wName];
        if (op.inputs[2] !== undefined && op.inputs[2] >= 0) {
          const b = constant(op.inputs[2], `${what} bias`);
          initializers.push({ name: b.tensor.name, dims: [cout], data: b.data });
          inputs.push(b.tensor.name);
        }
        // Source "H" params act along our W and vice versa.
        const axH = { kernel: kb, stride: o.strideW, dilation: o.dilationW };
        const axW = { kernel: ka, stride: o.strideH, dilation: o.dilationH };
        const ph = convAxis(x.height, axH, o.padding, what);
        const pw = convAxis(x.width, axW, o.padding, what);
        nodes.push({
          opType: 'Conv',
          name: tensor(outIndex).name,
          inputs,
          outputs: [nameOf(outIndex)],
          attributes: {
            kernel_shape: [kb, ka],
            strides: [axH.stride, axW.stride],
            dilations: [axH.dilation, axW.dilation],
            pads: [ph.begin, pw.begin, ph.end, pw.end],
          },
        });
        values.set(outIndex, {
          name: nameOf(outIndex),
          rank: 4,
          channels: cout,
          height: ph.out,
          width: pw.out,
        });
        break;
      }
      case 'MAX_POOL_2D': {
        const o = op.options;
        if (o.kind !== 'Pool2D') throw new Error(`convert: ${what}: missing options`);
        noActivation(op);
        const x = valueAt(op.inputs[0], what);
        if (x.rank !== 4) throw new Error(`convert: ${what}: input is not 4-D`);
        const axH = { kernel: o.filterW, stride: o.strideW, dilation: 1 };
        const axW = { kernel: o.filterH, stride: o.strideH, dilation: 1 };
        const ph = poolAxis(x.height, axH, o.padding, what);
        const pw = poolAxis(x.width, axW, o.padding, what);
        nodes.push({
          opType: 'MaxPool',
          name: tensor(outIndex).name,
          inputs: [x.name],
          outputs: [nameOf(outIndex)],
          attributes: {
            kernel_shape: [axH.kernel, axW.kernel],
            strides: [axH.stride, axW.stride],
            // TF SAME padding, made explicit (the rounding is then ONNX's default floor).
            pads: [ph.begin, pw.begin, ph.end, pw.end],
          },
        });
        values.set(outIndex, { ...x, name: nameOf(outIndex), height: ph.out, width: pw.out });
        break;
      }
      case 'RELU':
      case 'NEG': {
        const x = op.inputs[0]!;
        const m = matchPrelu(x);
        if (m === null)
          throw new Error(`convert: ${what}: not part of a PReLU pattern; lone ${op.opName} unsupported`);
        const v = valueAt(x, what);
        if (m.alpha.data.length !== v.channels) throw new Error(`convert: ${what}: alpha size != channels`);
        const aName = `${m.alpha.tensor.name}:${v.rank === 4 ? 'C11' : 'C'}`;
        initializers.push({
          name: aName,
          dims: v.rank === 4 ? [v.channels, 1, 1] : [v.channels],
          data: m.alpha.data,
        });
        nodes.push({
          opType: 'PRelu',
          name: tensor(m.out).name,
          inputs: [v.name, aName],
          outputs: [nameOf(m.out)],
        });
        values.set(m.out, { ...v, name: nameOf(m.out) });
        for (const d of m.ops) done.add(d);
        break;
      }
      case 'REDUCE_MAX': {
        const v = valueAt(op.inputs[0], what);
        const m = matchSoftmax(op, v.rank);
        if (m === null) throw new Error(`convert: ${what}: not part of a channel softmax pattern`);
        // The channel axis is source axis -1, our axis 1 (both for NCHW maps and [N, C] vectors).
        nodes.push({
          opType: 'Softmax',
          name: tensor(m.out).name,
          inputs: [v.name],
          outputs: [nameOf(m.out)],
          attributes: { axis: 1 },
        });
        values.set(m.out, { ...v, name: nameOf(m.out) });
        for (const d of m.ops) done.add(d);
        break;
      }
      case 'FULLY_CONNECTED': {
        const o = op.options;
        if (o.kind !== 'FullyConnected' || o.weightsFormat !== 0)
          throw new Error(`convert: ${what}: unsupported options`);
        noActivation(op);
        let x = valueAt(op.inputs[0], what);
        const w = constant(op.inputs[1], `${what} weights`);
        const [units, depth] = w.tensor.shape as [number, number];
        let weights = w.data;
        let wName = w.tensor.name;
        if (x.rank === 4) {
          if (flattened) throw new Error(`convert: ${what}: second flatten not expected`);
          flattened = true;
          const { channels: c, height: h, width: wd } = x;
          if (h === null || wd === null) throw new Error(`convert: ${what}: flatten of a dynamic-size map`);
          if (c * h * wd !== depth)
            throw new Error(`convert: ${what}: flatten gives ${c * h * wd}, weights want ${depth}`);
          // Source flattens its [N, W, H, C] tensor: column (x * H + y) * C + c. We flatten [N, C, H, W]:
          // column (c * H + y) * W + x. Re-order the weight columns to match.
          weights = new Float32Array(units * depth);
          for (let u = 0; u < units; u++)
            for (let ch = 0; ch < c; ch++)
              for (let y = 0; y < h; y++)
                for (let xx = 0; xx < wd; xx++)
                  weights[u * depth + (ch * h + y) * wd + xx] = w.data[u * depth + (xx * h + y) * c + ch]!;
          wName = `${w.tensor.name}:NCHW`;
          const flatName = `${tensor(outIndex).name}/flatten`;
          nodes.push({
            opType: 'Flatten',
            name: flatName,
            inputs: [x.name],
            outputs: [flatName],
            attributes: { axis: 1 },
          });
          x = { name: flatName, rank: 2, channels: depth, height: null, width: null };
        } else if (x.channels !== depth) {
          throw new Error(`convert: ${what}: input has ${x.channels} features, weights want ${depth}`);
        }
        initializers.push({ name: wName, dims: [units, depth], data: weights });
        const inputs = [x.name, wName];
        if (op.inputs[2] !== undefined && op.inputs[2] >= 0) {
          const b = constant(op.inputs[2], `${what} bias`);
          initializers.push({ name: b.tensor.name, dims: [units], data: b.data });
          inputs.push(b.tensor.name);
        }
        // Y = X * W^T + b; the source weights are already [units, depth].
        nodes.push({
          opType: 'Gemm',
          name: tensor(outIndex).name,
          inputs,
          outputs: [nameOf(outIndex)],
          attributes: { transB: 1 },
        });
        values.set(outIndex, { name: nameOf(outIndex), rank: 2, channels: units, height: null, width: null });
        break;
      }
      default:
        throw new Error(`convert: unsupported operator ${what}`);
    }
  }

  const info = (v: Value): ValueInfo => ({
    name: v.name,
    shape:
      v.rank === 2
        ? ['N', v.channels]
        : ['N', v.channels, v.height ?? opts.outputHeight, v.width ?? opts.outputWidth],
  });
  return {
    name: opts.name,
    docString: opts.docString,
    inputs: [{ name: 'input', shape: ['N', inputChannels, opts.inputHeight, opts.inputWidth] }],
    outputs: opts.outputs.map((o) => {
      const i = sg.outputs.find((t) => tensor(t).name === o.source)!;
      return info(valueAt(i, `output ${o.source}`));
    }),
    nodes,
    initializers,
  };
}
