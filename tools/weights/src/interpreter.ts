// A deliberately naive, op-by-op interpreter for the TFLite graphs, used as the reference the
// converted ONNX models are checked against. It shares no code with the ONNX builder (its own
// padding arithmetic included) so that a mistake in one cannot hide the same mistake in the other.
// Layout is TFLite's NHWC; arithmetic is float64 so the reference is tighter than either runtime.
import { constantData, constantInt32, isConstant, mainSubgraph } from './tflite-constants.js';
import type { TfliteModel, TfliteOperator, TfliteTensor } from './tflite-reader.js';
import type { Activation, Padding } from './tflite-schema.js';

export interface Tensor {
  shape: number[];
  data: Float64Array;
}

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function applyActivation(x: number, act: Activation): number {
  switch (act) {
    case 'NONE':
      return x;
    case 'RELU':
      return Math.max(x, 0);
    case 'RELU6':
      return Math.min(Math.max(x, 0), 6);
    case 'RELU_N1_TO_1':
      return Math.min(Math.max(x, -1), 1);
    case 'TANH':
      return Math.tanh(x);
    default:
      throw new Error(`interpreter: fused activation ${act} not supported`);
  }
}

/** Output size and leading pad of one spatial axis, per TensorFlow's SAME / VALID rules. */
function window(n: number, k: number, stride: number, dilation: number, padding: Padding) {
  const effective = (k - 1) * dilation + 1;
  if (padding === 'VALID') {
    const out = Math.floor((n - effective) / stride) + 1;
    return { out, before: 0 };
  }
  // SAME: as many outputs as stride steps fit; the total padding is split with the odd pixel
  // going at the end.
  const out = Math.ceil(n / stride);
  const total = Math.max((out - 1) * stride + effective - n, 0);
  return { out, before: Math.floor(total / 2) };
}

function conv2d(x: Tensor, w: Tensor, bias: Tensor | null, op: TfliteOperator): Tensor {
  const o = op.options;
  if (o.kind !== 'Conv2D') throw new Error('interpreter: CONV_2D without Conv2DOptions');
  const [n, h, wd, cin] = x.shape as [number, number, number, number];
  const [cout, kh, kw, kin] = w.shape as [number, number, number, number];
  if (kin !== cin) throw new Error(`interpreter: CONV_2D input has ${cin} channels, filter expects ${kin}`);
  const ry = window(h, kh, o.strideH, o.dilationH, o.padding);
  const rx = window(wd, kw, o.strideW, o.dilationW, o.padding);
  if (ry.out <= 0 || rx.out <= 0) throw new Error(`interpreter: CONV_2D input ${h}x${wd} is too small`);
  const out = new Float64Array(n * ry.out * rx.out * cout);
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < ry.out; oy++) {
      for (let ox = 0; ox < rx.out; ox++) {
        for (let co = 0; co < cout; co++) {
          let acc = bias ? bias.data[co]! : 0;
          for (let ky = 0; ky < kh; ky++) {
            const iy = oy * o.strideH + ky * o.dilationH - ry.before;
            if (iy < 0 || iy >= h) continue;
            for (let kx = 0; kx < kw; kx++) {
              const ix = ox * o.strideW + kx * o.dilationW - rx.before;
              if (ix < 0 || ix >= wd) continue;
              const xBase = ((b * h + iy) * wd + ix) * cin;
              const wBase = ((co * kh + ky) * kw + kx) * cin;
              for (let ci = 0; ci < cin; ci++) acc += x.data[xBase + ci]! * w.data[wBase + ci]!;
            }
          }
          out[((b * ry.out + oy) * rx.out + ox) * cout + co] = applyActivation(acc, o.activation);
        }
      }
    }
  }
  return { shape: [n, ry.out, rx.out, cout], data: out };
}

function depthwiseConv2d(x: Tensor, w: Tensor, bias: Tensor | null, op: TfliteOperator): Tensor {
  const o = op.options;
  if (o.kind !== 'DepthwiseConv2D') throw new Error('interpreter: DEPTHWISE_CONV_2D without its options');
  const [n, h, wd, cin] = x.shape as [number, number, number, number];
  // Filter [1, KH, KW, cin * multiplier]; output channel c reads input channel floor(c / multiplier).
  const [one, kh, kw, cout] = w.shape as [number, number, number, number];
  const m = o.depthMultiplier;
  if (one !== 1 || cout !== cin * m) {
    throw new Error(
      `interpreter: DEPTHWISE_CONV_2D filter [${w.shape}] does not fit ${cin} channels x multiplier ${m}`,
    );
  }
  const ry = window(h, kh, o.strideH, o.dilationH, o.padding);
  const rx = window(wd, kw, o.strideW, o.dilationW, o.padding);
  if (ry.out <= 0 || rx.out <= 0)
    throw new Error(`interpreter: DEPTHWISE_CONV_2D input ${h}x${wd} is too small`);
  const out = new Float64Array(n * ry.out * rx.out * cout);
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < ry.out; oy++) {
      for (let ox = 0; ox < rx.out; ox++) {
        for (let co = 0; co < cout; co++) {
          const ci = Math.floor(co / m);
          let acc = bias ? bias.data[co]! : 0;
          for (let ky = 0; ky < kh; ky++) {
            const iy = oy * o.strideH + ky * o.dilationH - ry.before;
            if (iy < 0 || iy >= h) continue;
            for (let kx = 0; kx < kw; kx++) {
              const ix = ox * o.strideW + kx * o.dilationW - rx.before;
              if (ix < 0 || ix >= wd) continue;
              acc += x.data[((b * h + iy) * wd + ix) * cin + ci]! * w.data[(ky * kw + kx) * cout + co]!;
            }
          }
          out[((b * ry.out + oy) * rx.out + ox) * cout + co] = applyActivation(acc, o.activation);
        }
      }
    }
  }
  return { shape: [n, ry.out, rx.out, cout], data: out };
}

function maxPool2d(x: Tensor, op: TfliteOperator): Tensor {
  const o = op.options;
  if (o.kind !== 'Pool2D') throw new Error('interpreter: MAX_POOL_2D without Pool2DOptions');
  const [n, h, wd, c] = x.shape as [number, number, number, number];
  const ry = window(h, o.filterH, o.strideH, 1, o.padding);
  const rx = window(wd, o.filterW, o.strideW, 1, o.padding);
  if (ry.out <= 0 || rx.out <= 0) throw new Error(`interpreter: MAX_POOL_2D input ${h}x${wd} is too small`);
  const out = new Float64Array(n * ry.out * rx.out * c);
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < ry.out; oy++) {
      for (let ox = 0; ox < rx.out; ox++) {
        for (let ch = 0; ch < c; ch++) {
          // Padded positions take no part in the maximum.
          let m = Number.NEGATIVE_INFINITY;
          for (let ky = 0; ky < o.filterH; ky++) {
            const iy = oy * o.strideH + ky - ry.before;
            if (iy < 0 || iy >= h) continue;
            for (let kx = 0; kx < o.filterW; kx++) {
              const ix = ox * o.strideW + kx - rx.before;
              if (ix < 0 || ix >= wd) continue;
              m = Math.max(m, x.data[((b * h + iy) * wd + ix) * c + ch]!);
            }
          }
          out[((b * ry.out + oy) * rx.out + ox) * c + ch] = applyActivation(m, o.activation);
        }
      }
    }
  }
  return { shape: [n, ry.out, rx.out, c], data: out };
}

function fullyConnected(x: Tensor, w: Tensor, bias: Tensor | null, op: TfliteOperator): Tensor {
  const o = op.options;
  if (o.kind !== 'FullyConnected') throw new Error('interpreter: FULLY_CONNECTED without options');
  if (o.weightsFormat !== 0) throw new Error('interpreter: shuffled FULLY_CONNECTED weights not supported');
  const [units, depth] = w.shape as [number, number];
  // The input is flattened to [rows, depth] whatever its rank: row-major NHWC order.
  const total = size(x.shape);
  if (total % depth !== 0)
    throw new Error(`interpreter: FULLY_CONNECTED input [${x.shape}] not a multiple of ${depth}`);
  const rows = total / depth;
  const out = new Float64Array(rows * units);
  for (let r = 0; r < rows; r++) {
    for (let u = 0; u < units; u++) {
      let acc = bias ? bias.data[u]! : 0;
      for (let i = 0; i < depth; i++) acc += x.data[r * depth + i]! * w.data[u * depth + i]!;
      out[r * units + u] = applyActivation(acc, o.activation);
    }
  }
  const shape = o.keepNumDims ? [...x.shape.slice(0, -1), units] : [rows, units];
  return { shape, data: out };
}

/** NumPy-style broadcasting of a binary op. */
function broadcast(a: Tensor, b: Tensor, f: (x: number, y: number) => number): Tensor {
  const rank = Math.max(a.shape.length, b.shape.length);
  const pa = [...Array(rank - a.shape.length).fill(1), ...a.shape] as number[];
  const pb = [...Array(rank - b.shape.length).fill(1), ...b.shape] as number[];
  const shape = pa.map((d, i) => {
    const e = pb[i]!;
    if (d !== e && d !== 1 && e !== 1)
      throw new Error(`interpreter: cannot broadcast [${a.shape}] with [${b.shape}]`);
    return Math.max(d, e);
  });
  const strides = (p: number[]) => {
    const s = new Array<number>(rank).fill(0);
    let acc = 1;
    for (let i = rank - 1; i >= 0; i--) {
      s[i] = p[i] === 1 ? 0 : acc;
      acc *= p[i]!;
    }
    return s;
  };
  const sa = strides(pa);
  const sb = strides(pb);
  const out = new Float64Array(size(shape));
  const idx = new Array<number>(rank).fill(0);
  for (let i = 0; i < out.length; i++) {
    let ia = 0;
    let ib = 0;
    for (let d = 0; d < rank; d++) {
      ia += idx[d]! * sa[d]!;
      ib += idx[d]! * sb[d]!;
    }
    out[i] = f(a.data[ia]!, b.data[ib]!);
    for (let d = rank - 1; d >= 0; d--) {
      idx[d] = idx[d]! + 1;
      if (idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
  return { shape, data: out };
}

function unary(x: Tensor, f: (v: number) => number): Tensor {
  return { shape: [...x.shape], data: x.data.map(f) };
}

/** REDUCE_MAX / SUM over the given axes (negative axes count from the end). */
function reduce(
  x: Tensor,
  axesIn: Int32Array,
  keepDims: boolean,
  init: number,
  f: (a: number, v: number) => number,
) {
  const rank = x.shape.length;
  const axes = new Set(Array.from(axesIn, (a) => (a < 0 ? a + rank : a)));
  for (const a of axes)
    if (a < 0 || a >= rank) throw new Error(`interpreter: reduction axis ${a} out of range`);
  const kept = x.shape.map((d, i) => (axes.has(i) ? 1 : d));
  const out = new Float64Array(size(kept)).fill(init);
  const idx = new Array<number>(rank).fill(0);
  for (let i = 0; i < x.data.length; i++) {
    let o = 0;
    for (let d = 0; d < rank; d++) o = o * kept[d]! + (axes.has(d) ? 0 : idx[d]!);
    out[o] = f(out[o]!, x.data[i]!);
    for (let d = rank - 1; d >= 0; d--) {
      idx[d] = idx[d]! + 1;
      if (idx[d]! < x.shape[d]!) break;
      idx[d] = 0;
    }
  }
  return { shape: keepDims ? kept : x.shape.filter((_, i) => !axes.has(i)), data: out };
}

/**
 * RESHAPE as TFLite does it: the target shape comes from the shape input when there is one, else from the
 * options; one -1 takes what is left. The values are unchanged (row-major order), so a target that does not
 * hold exactly the input's values is an error, never a guess.
 */
function reshape(x: Tensor, target: readonly number[]): Tensor {
  const total = size(x.shape);
  const known = target.filter((d) => d !== -1);
  const unknown = target.length - known.length;
  const knownSize = size(known);
  if (unknown > 1 || known.some((d) => d < 0)) throw new Error(`interpreter: bad RESHAPE target [${target}]`);
  if (unknown === 1 && (knownSize === 0 || total % knownSize !== 0))
    throw new Error(`interpreter: RESHAPE of [${x.shape}] to [${target}]: no whole size for -1`);
  const shape = target.map((d) => (d === -1 ? total / knownSize : d));
  if (size(shape) !== total)
    throw new Error(`interpreter: RESHAPE of [${x.shape}] (${total} values) to [${shape}]`);
  return { shape, data: x.data };
}

function elementwiseActivation(op: TfliteOperator): Activation {
  return op.options.kind === 'Elementwise' ? op.options.activation : 'NONE';
}

/**
 * Runs the model's single subgraph. `inputs` are given in graph-input order; their shapes may
 * differ from the ones recorded in the file (batch and, for fully convolutional P-Net, spatial size):
 * every intermediate shape is recomputed from the op semantics, except where the graph itself fixes one
 * (a RESHAPE to a constant shape). Returns the outputs by tensor name, in graph-output order; `trace`, if
 * given, sees every operator's output as it is computed, by tensor name.
 */
export function interpret(
  model: TfliteModel,
  inputs: Tensor[],
  trace?: (name: string, value: Tensor) => void,
): Map<string, Tensor> {
  const sg = mainSubgraph(model);
  const values = new Map<number, Tensor>();
  if (inputs.length !== sg.inputs.length) {
    throw new Error(`interpreter: graph has ${sg.inputs.length} inputs, got ${inputs.length}`);
  }
  sg.inputs.forEach((t, i) => {
    const input = inputs[i]!;
    if (input.data.length !== size(input.shape))
      throw new Error('interpreter: input data does not match its shape');
    values.set(t, input);
  });

  const tensorOf = (i: number): TfliteTensor => {
    const t = sg.tensors[i];
    if (t === undefined) throw new Error(`interpreter: tensor index ${i} out of range`);
    return t;
  };
  const get = (i: number): Tensor => {
    const v = values.get(i);
    if (v !== undefined) return v;
    const t = tensorOf(i);
    if (!isConstant(model, t)) throw new Error(`interpreter: tensor "${t.name}" used before it is computed`);
    const c = { shape: [...t.shape], data: Float64Array.from(constantData(model, t)) };
    values.set(i, c);
    return c;
  };
  const optional = (i: number | undefined): Tensor | null => (i === undefined || i < 0 ? null : get(i));
  const input = (op: TfliteOperator, k: number): Tensor => {
    const i = op.inputs[k];
    if (i === undefined || i < 0) throw new Error(`interpreter: ${op.opName} is missing input ${k}`);
    return get(i);
  };

  for (const op of sg.operators) {
    let result: Tensor;
    switch (op.opName) {
      case 'CONV_2D':
        result = conv2d(input(op, 0), input(op, 1), optional(op.inputs[2]), op);
        break;
      case 'DEPTHWISE_CONV_2D':
        result = depthwiseConv2d(input(op, 0), input(op, 1), optional(op.inputs[2]), op);
        break;
      case 'MAX_POOL_2D':
        result = maxPool2d(input(op, 0), op);
        break;
      case 'RESHAPE': {
        const shapeInput = op.inputs[1];
        let target: number[];
        if (shapeInput !== undefined && shapeInput >= 0) {
          target = Array.from(constantInt32(model, tensorOf(shapeInput)));
        } else if (op.options.kind === 'Reshape') {
          target = op.options.newShape;
        } else {
          throw new Error('interpreter: RESHAPE without a target shape');
        }
        result = reshape(input(op, 0), target);
        break;
      }
      case 'FULLY_CONNECTED':
        result = fullyConnected(input(op, 0), input(op, 1), optional(op.inputs[2]), op);
        break;
      case 'RELU':
        result = unary(input(op, 0), (v) => Math.max(v, 0));
        break;
      case 'NEG':
        result = unary(input(op, 0), (v) => -v);
        break;
      case 'EXP':
        result = unary(input(op, 0), Math.exp);
        break;
      case 'ABS':
        result = unary(input(op, 0), Math.abs);
        break;
      case 'ADD':
      case 'SUB':
      case 'MUL':
      case 'DIV': {
        const act = elementwiseActivation(op);
        const f = {
          ADD: (a: number, b: number) => a + b,
          SUB: (a: number, b: number) => a - b,
          MUL: (a: number, b: number) => a * b,
          DIV: (a: number, b: number) => a / b,
        }[op.opName];
        result = broadcast(input(op, 0), input(op, 1), (a, b) => applyActivation(f(a, b), act));
        break;
      }
      case 'REDUCE_MAX':
      case 'SUM': {
        if (op.options.kind !== 'Reducer')
          throw new Error(`interpreter: ${op.opName} without ReducerOptions`);
        const axes = constantInt32(model, tensorOf(op.inputs[1]!));
        result =
          op.opName === 'SUM'
            ? reduce(input(op, 0), axes, op.options.keepDims, 0, (a, v) => a + v)
            : reduce(input(op, 0), axes, op.options.keepDims, Number.NEGATIVE_INFINITY, Math.max);
        break;
      }
      default:
        throw new Error(
          `interpreter: unsupported operator ${op.opName} (producing "${tensorOf(op.outputs[0]!).name}")`,
        );
    }
    if (op.outputs.length !== 1)
      throw new Error(`interpreter: ${op.opName} with ${op.outputs.length} outputs`);
    values.set(op.outputs[0]!, result);
    trace?.(tensorOf(op.outputs[0]!).name, result);
  }

  const outputs = new Map<string, Tensor>();
  for (const t of sg.outputs) outputs.set(tensorOf(t).name, get(t));
  return outputs;
}
