// Multiply-adds of a model for a given input shape, from its layer shapes: Conv and Gemm (the layers that
// do arithmetic worth counting); element-wise layers (PReLU, Softmax) and pooling only move memory.
import { decodeModel, intAttribute, intsAttribute, type OnnxModel } from './onnx-graph.js';

type Shape = number[];

function convOutput(size: number, kernel: number, stride: number, padBegin: number, padEnd: number) {
  return Math.floor((size + padBegin + padEnd - kernel) / stride) + 1;
}

function poolOutput(
  size: number,
  kernel: number,
  stride: number,
  padBegin: number,
  padEnd: number,
  ceil: boolean,
) {
  const span = size + padBegin + padEnd - kernel;
  return (ceil ? Math.ceil(span / stride) : Math.floor(span / stride)) + 1;
}

function spatial(
  input: Shape,
  kernel: number[],
  strides: number[],
  pads: number[],
  size: (s: number, k: number, st: number, a: number, b: number) => number,
): [number, number] {
  return [
    size(input[2]!, kernel[0]!, strides[0]!, pads[0]!, pads[2]!),
    size(input[3]!, kernel[1]!, strides[1]!, pads[1]!, pads[3]!),
  ];
}

/** Multiply-adds per layer kind for one run of `model` on an input of shape `inputShape` (NCHW). */
export interface ModelArithmetic {
  readonly conv: number;
  readonly gemm: number;
  readonly total: number;
}

/**
 * Walks the graph in order (the MTCNN graphs are topologically sorted chains), inferring shapes for the
 * layer kinds they use, and sums the multiply-adds of Conv and Gemm.
 */
export function modelArithmetic(model: OnnxModel, inputShape: Shape): ModelArithmetic {
  const graph = model.graph!;
  const shapes = new Map<string, Shape>();
  for (const init of graph.initializer ?? []) shapes.set(init.name!, (init.dims ?? []).map(Number));
  shapes.set(graph.input![0]!.name!, inputShape);
  let conv = 0;
  let gemm = 0;
  for (const node of graph.node ?? []) {
    const inputs = node.input ?? [];
    const x = shapes.get(inputs[0]!);
    if (!x) throw new Error(`unknown shape of ${inputs[0]} feeding ${node.opType}`);
    let out: Shape;
    switch (node.opType) {
      case 'Conv': {
        const w = shapes.get(inputs[1]!)!;
        const kernel = intsAttribute(node, 'kernel_shape', [w[2]!, w[3]!]);
        const strides = intsAttribute(node, 'strides', [1, 1]);
        const pads = intsAttribute(node, 'pads', [0, 0, 0, 0]);
        const [h, wd] = spatial(x, kernel, strides, pads, convOutput);
        out = [x[0]!, w[0]!, h, wd];
        // Each output value: (input channels per group) × kernel area multiply-adds.
        conv += x[0]! * w[0]! * h * wd * w[1]! * kernel[0]! * kernel[1]!;
        break;
      }
      case 'MaxPool':
      case 'AveragePool': {
        const kernel = intsAttribute(node, 'kernel_shape', [1, 1]);
        const strides = intsAttribute(node, 'strides', [1, 1]);
        const pads = intsAttribute(node, 'pads', [0, 0, 0, 0]);
        const ceil = intAttribute(node, 'ceil_mode', 0) === 1;
        const [h, wd] = spatial(x, kernel, strides, pads, (s, k, st, a, b) =>
          poolOutput(s, k, st, a, b, ceil),
        );
        out = [x[0]!, x[1]!, h, wd];
        break;
      }
      case 'Flatten':
        out = [x[0]!, x.slice(1).reduce((a, b) => a * b, 1)];
        break;
      case 'Gemm': {
        const b = shapes.get(inputs[1]!)!;
        const transB = intAttribute(node, 'transB', 0) === 1;
        const [k, n] = transB ? [b[1]!, b[0]!] : [b[0]!, b[1]!];
        out = [x[0]!, n];
        gemm += x[0]! * k * n;
        break;
      }
      case 'MatMul': {
        const b = shapes.get(inputs[1]!)!;
        out = [...x.slice(0, -1), b[b.length - 1]!];
        gemm += x.slice(0, -1).reduce((a, d) => a * d, 1) * b[0]! * b[b.length - 1]!;
        break;
      }
      case 'PRelu':
      case 'Relu':
      case 'Softmax':
      case 'Identity':
      // MobileFaceNet's residual sums: elementwise, the shape of their first input.
      case 'Add':
        out = x;
        break;
      default:
        throw new Error(`arithmetic: unsupported layer ${node.opType}`);
    }
    for (const name of node.output ?? []) shapes.set(name, out);
  }
  return { conv, gemm, total: conv + gemm };
}

/** A model file's arithmetic as a function of the input shape, parsed once. */
export function arithmeticOf(bytes: Uint8Array): (inputShape: Shape) => ModelArithmetic {
  const model = decodeModel(bytes);
  return (inputShape) => modelArithmetic(model, inputShape);
}
