// Translates a TFLite graph (the MTCNN stages, MobileFaceNet) into an ONNX graph that takes natural-orientation
// NCHW input.
//
// The MTCNN source graphs (facenet's MTCNN, via TOCO) expect the image transposed: an NHWC tensor whose
// axis 1 runs along the image's x and axis 2 along its y. Reading that tensor as our NCHW [N,C,H,W]
// means: source axis 1 <-> our W, source axis 2 <-> our H, source axis 3 <-> our C. So every
// spatial parameter is swapped (kernel, stride, dilation, padding), convolution kernels have their
// two spatial axes swapped, and the first fully connected layer gets its columns re-ordered to undo
// the different flatten order. Everything after that layer is orientation-free. MobileFaceNet's graph
// takes the image in natural orientation (`sourceLayout: 'natural'`): nothing is swapped.
//
// Ops are recognised one at a time or as the fixed patterns TOCO produced:
//   PReLU:   relu(x) + alpha * neg(relu(neg(x)))      -> PRelu (MTCNN)
//   PReLU:   relu(x) + c * (x - abs(x)), c = alpha / 2 -> PRelu with slope 2c (MobileFaceNet)
//   softmax: exp(x - max(x)) / sum(exp(x - max(x)))    -> Softmax
//   reshape of a [B, 1, 1, C] map to [B, C], B the file's fixed batch -> Flatten (any batch)
// Anything else is rejected, so the output uses only Conv (grouped for depthwise), PRelu, Add, MaxPool,
// Softmax, Flatten, Gemm.
import type { GraphSpec, Initializer, NodeSpec, ValueInfo } from './onnx-writer.js';
import { constantData, constantInt32, isConstant, mainSubgraph } from './tflite-constants.js';
import type { TfliteModel, TfliteOperator, TfliteTensor } from './tflite-reader.js';
import type { Padding } from './tflite-schema.js';

export interface ConvertOptions {
  /** Graph name written into the model. */
  name: string;
  /**
   * How the source graph's NHWC input relates to the image: 'transposed' ([N, W, H, C], facenet's MTCNN) or
   * 'natural' ([N, H, W, C]). Our input is always the natural image as NCHW.
   */
  sourceLayout: 'transposed' | 'natural';
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

  const natural = opts.sourceLayout === 'natural';
  const values = new Map<number, Value>();
  const nodes: NodeSpec[] = [];
  const initializers: Initializer[] = [];
  const done = new Set<TfliteOperator>();
  const valueAt = (i: number | undefined, what: string): Value => {
    const v = i === undefined ? undefined : values.get(i);
    if (v === undefined) throw new Error(`convert: ${what}: input not computed yet`);
    return v;
  };

  // The input: source [1, W, H, C] (transposed image) or [N, H, W, C] (natural) becomes our [N, C, H, W].
  if (sg.inputs.length !== 1) throw new Error(`convert: expected one input, found ${sg.inputs.length}`);
  const inT = tensor(sg.inputs[0]);
  if (inT.shape.length !== 4) throw new Error(`convert: input "${inT.name}" is not 4-D`);
  const inputChannels = inT.shape[3]!;
  const fixed = (d: number | string) => (typeof d === 'number' ? d : null);
  if (natural) {
    for (const [axis, ours] of [
      [1, opts.inputHeight],
      [2, opts.inputWidth],
    ] as const) {
      if (typeof ours === 'number' && inT.shape[axis] !== ours)
        throw new Error(
          `convert: input "${inT.name}" [${inT.shape}] does not have size ${ours} on axis ${axis}`,
        );
    }
  }
  /** The file's fixed batch: a constant reshape target that starts with it means "the batch". */
  const fileBatch = inT.shape[0]!;
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

  /**
   * Matches relu(x) + c * (x - abs(x)) starting from x, with c a per-channel constant: MobileFaceNet_TF's
   * `alphas * (x - abs(x)) * 0.5`, its two constants folded by TOCO. For x < 0 this is c * 2x, for x >= 0 it
   * is x, so PReLU with slope 2c. Doubling is exact in float32, and x - abs(x) = 2x exactly, so the slope
   * 2c gives the same products as the source's c * (x - abs(x)).
   */
  const matchPreluAbs = (x: number) => {
    if (graphOutputs.has(x)) return null;
    const c = (consumers.get(x) ?? []).map((k) => sg.operators[k]!);
    const relu = c.find((op) => op.opName === 'RELU');
    const abs = c.find((op) => op.opName === 'ABS');
    const sub = c.find((op) => op.opName === 'SUB');
    if (c.length !== 3 || !relu || !abs || !sub) return null;
    if (soleConsumer(abs.outputs[0]!) !== sub) return null;
    if (sub.inputs.length !== 2 || sub.inputs[0] !== x || sub.inputs[1] !== abs.outputs[0]) return null;
    const mul = soleConsumer(sub.outputs[0]!);
    if (mul?.opName !== 'MUL' || mul.inputs.length !== 2) return null;
    const cIndex = mul.inputs.find((i) => i !== sub.outputs[0]);
    if (cIndex === undefined || !isConstant(model, tensor(cIndex))) return null;
    const add = soleConsumer(mul.outputs[0]!);
    if (add?.opName !== 'ADD' || soleConsumer(relu.outputs[0]!) !== add || add.inputs.length !== 2)
      return null;
    if (!add.inputs.includes(relu.outputs[0]!) || !add.inputs.includes(mul.outputs[0]!)) return null;
    for (const op of [sub, mul, add]) noActivation(op);
    const half = constant(cIndex, 'PReLU alpha / 2');
    const slope = half.data.map((v) => 2 * v);
    if (!slope.every(Number.isFinite))
      throw new Error(`convert: PReLU constant "${half.tensor.name}" overflows`);
    return { ops: [relu, abs, sub, mul, add], half, slope, out: add.outputs[0]! };
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
        // Source kernel [O, Ka, Kb, I]: Ka along x and Kb along y for transposed input (ONNX [O, I, kH = Kb,
        // kW = Ka]), Ka along y and Kb along x for natural input (ONNX [O, I, kH = Ka, kW = Kb]).
        const kh = natural ? ka : kb;
        const kw = natural ? kb : ka;
        const oihw = new Float32Array(w.data.length);
        for (let co = 0; co < cout; co++)
          for (let ci = 0; ci < cin; ci++)
            for (let y = 0; y < kh; y++)
              for (let xx = 0; xx < kw; xx++) {
                const src = natural
                  ? ((co * ka + y) * kb + xx) * cin + ci
                  : ((co * ka + xx) * kb + y) * cin + ci;
                oihw[((co * cin + ci) * kh + y) * kw + xx] = w.data[src]!;
              }
        const wName = `${w.tensor.name}:OIHW`;
        initializers.push({ name: wName, dims: [cout, cin, kh, kw], data: oihw });
        const inputs = [x.name, wName];
        if (op.inputs[2] !== undefined && op.inputs[2] >= 0) {
          const b = constant(op.inputs[2], `${what} bias`);
          initializers.push({ name: b.tensor.name, dims: [cout], data: b.data });
          inputs.push(b.tensor.name);
        }
        // Transposed input: source "H" params act along our W and vice versa.
        const axH = natural
          ? { kernel: kh, stride: o.strideH, dilation: o.dilationH }
          : { kernel: kh, stride: o.strideW, dilation: o.dilationW };
        const axW = natural
          ? { kernel: kw, stride: o.strideW, dilation: o.dilationW }
          : { kernel: kw, stride: o.strideH, dilation: o.dilationH };
        const ph = convAxis(x.height, axH, o.padding, what);
        const pw = convAxis(x.width, axW, o.padding, what);
        nodes.push({
          opType: 'Conv',
          name: tensor(outIndex).name,
          inputs,
          outputs: [nameOf(outIndex)],
          attributes: {
            kernel_shape: [kh, kw],
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
      case 'DEPTHWISE_CONV_2D': {
        const o = op.options;
        if (o.kind !== 'DepthwiseConv2D') throw new Error(`convert: ${what}: missing options`);
        noActivation(op);
        const x = valueAt(op.inputs[0], what);
        if (x.rank !== 4) throw new Error(`convert: ${what}: input is not 4-D`);
        const w = constant(op.inputs[1], `${what} weights`);
        // Source filter [1, Ka, Kb, C * multiplier]; output channel c reads input channel floor(c / multiplier),
        // as in an ONNX Conv with one group per input channel.
        const [one, ka, kb, cout] = w.tensor.shape as [number, number, number, number];
        const m = o.depthMultiplier;
        if (one !== 1 || m < 1 || cout !== x.channels * m) {
          throw new Error(
            `convert: ${what}: filter [${w.tensor.shape}] does not fit ${x.channels} channels x multiplier ${m}`,
          );
        }
        const kh = natural ? ka : kb;
        const kw = natural ? kb : ka;
        const weights = new Float32Array(w.data.length);
        for (let co = 0; co < cout; co++)
          for (let y = 0; y < kh; y++)
            for (let xx = 0; xx < kw; xx++) {
              const src = natural ? (y * kb + xx) * cout + co : (xx * kb + y) * cout + co;
              weights[(co * kh + y) * kw + xx] = w.data[src]!;
            }
        const wName = `${w.tensor.name}:O1HW`;
        initializers.push({ name: wName, dims: [cout, 1, kh, kw], data: weights });
        const inputs = [x.name, wName];
        if (op.inputs[2] !== undefined && op.inputs[2] >= 0) {
          const b = constant(op.inputs[2], `${what} bias`);
          initializers.push({ name: b.tensor.name, dims: [cout], data: b.data });
          inputs.push(b.tensor.name);
        }
        const axH = natural
          ? { kernel: kh, stride: o.strideH, dilation: o.dilationH }
          : { kernel: kh, stride: o.strideW, dilation: o.dilationW };
        const axW = natural
          ? { kernel: kw, stride: o.strideW, dilation: o.dilationW }
          : { kernel: kw, stride: o.strideH, dilation: o.dilationH };
        const ph = convAxis(x.height, axH, o.padding, what);
        const pw = convAxis(x.width, axW, o.padding, what);
        nodes.push({
          opType: 'Conv',
          name: tensor(outIndex).name,
          inputs,
          outputs: [nameOf(outIndex)],
          attributes: {
            dilations: [axH.dilation, axW.dilation],
            group: x.channels,
            kernel_shape: [kh, kw],
            pads: [ph.begin, pw.begin, ph.end, pw.end],
            strides: [axH.stride, axW.stride],
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
      case 'ADD': {
        // A residual connection: two computed maps of one shape. (ADDs inside a PReLU were taken with it.)
        noActivation(op);
        if (op.inputs.length !== 2) throw new Error(`convert: ${what}: expected two inputs`);
        const [a, b] = op.inputs.map((i) => {
          if (isConstant(model, tensor(i)))
            throw new Error(`convert: ${what}: adding a constant is not supported`);
          return valueAt(i, what);
        }) as [Value, Value];
        if (a.rank !== b.rank || a.channels !== b.channels || a.height !== b.height || a.width !== b.width)
          throw new Error(`convert: ${what}: operands of different shapes`);
        nodes.push({
          opType: 'Add',
          name: tensor(outIndex).name,
          inputs: [a.name, b.name],
          outputs: [nameOf(outIndex)],
        });
        values.set(outIndex, { ...a, name: nameOf(outIndex) });
        break;
      }
      case 'RESHAPE': {
        // Only the flatten of a 1 x 1 map, [B, 1, 1, C] -> [B, C], where NHWC and NCHW orders agree. The file
        // fixes B to its input's batch; Flatten keeps the batch dynamic instead.
        const x = valueAt(op.inputs[0], what);
        const shapeInput = op.inputs[1];
        const target =
          shapeInput !== undefined && shapeInput >= 0
            ? Array.from(constantInt32(model, tensor(shapeInput)))
            : op.options.kind === 'Reshape'
              ? op.options.newShape
              : [];
        if (
          op.options.kind === 'Reshape' &&
          op.options.newShape.length > 0 &&
          op.options.newShape.join() !== target.join()
        )
          throw new Error(
            `convert: ${what}: shape input [${target}] and options [${op.options.newShape}] differ`,
          );
        const flatten =
          x.rank === 4 &&
          x.height === 1 &&
          x.width === 1 &&
          target.length === 2 &&
          (target[0] === fileBatch || target[0] === -1) &&
          (target[1] === x.channels || target[1] === -1);
        if (!flatten)
          throw new Error(`convert: ${what}: only a flatten of a 1x1 map is supported, not [${target}]`);
        nodes.push({
          opType: 'Flatten',
          name: tensor(outIndex).name,
          inputs: [x.name],
          outputs: [nameOf(outIndex)],
          attributes: { axis: 1 },
        });
        values.set(outIndex, {
          name: nameOf(outIndex),
          rank: 2,
          channels: x.channels,
          height: null,
          width: null,
        });
        break;
      }
      case 'MAX_POOL_2D': {
        const o = op.options;
        if (o.kind !== 'Pool2D') throw new Error(`convert: ${what}: missing options`);
        noActivation(op);
        const x = valueAt(op.inputs[0], what);
        if (x.rank !== 4) throw new Error(`convert: ${what}: input is not 4-D`);
        const axH = natural
          ? { kernel: o.filterH, stride: o.strideH, dilation: 1 }
          : { kernel: o.filterW, stride: o.strideW, dilation: 1 };
        const axW = natural
          ? { kernel: o.filterW, stride: o.strideW, dilation: 1 }
          : { kernel: o.filterH, stride: o.strideH, dilation: 1 };
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
      case 'NEG':
      case 'ABS': {
        const x = op.inputs[0]!;
        const m = matchPrelu(x) ?? matchPreluAbs(x);
        if (m === null)
          throw new Error(`convert: ${what}: not part of a PReLU pattern; lone ${op.opName} unsupported`);
        const v = valueAt(x, what);
        if ('half' in m) {
          // The slope 2c of relu(x) + c * (x - abs(x)); c must be one value per channel.
          if (m.half.tensor.shape.join() !== `${v.channels}` || v.rank !== 4)
            throw new Error(
              `convert: ${what}: PReLU constant [${m.half.tensor.shape}] on a ${v.channels}-channel map`,
            );
          const sName = `${m.half.tensor.name}:slope:C11`;
          initializers.push({ name: sName, dims: [v.channels, 1, 1], data: m.slope });
          nodes.push({
            opType: 'PRelu',
            name: tensor(m.out).name,
            inputs: [v.name, sName],
            outputs: [nameOf(m.out)],
          });
          values.set(m.out, { ...v, name: nameOf(m.out) });
          for (const d of m.ops) done.add(d);
          break;
        }
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
          if (natural)
            throw new Error(`convert: ${what}: implicit flatten of a natural-layout map not supported`);
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
