// The converter's convolutions on one-op graphs with every spatial parameter different along the two axes
// (kernel, stride, dilation, SAME's split), for both source layouts: onnxruntime on the converted graph against
// the interpreter on the source graph. The real models have square kernels and equal strides, so a swapped
// axis would not show there.
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { type ConvertOptions, convertGraph } from './convert.js';
import { interpret } from './interpreter.js';
import { encodeModel } from './onnx-writer.js';
import {
  compareNatural,
  type FakeTensor,
  maxAbsDiff,
  naturalNhwc,
  oneOp,
  prng,
  randomBatch,
  transposedNhwc,
} from './test-support.js';
import type { OperatorOptions } from './tflite-reader.js';
import type { Padding } from './tflite-schema.js';

const H = 9;
const W = 7;
const C = 3;
const TOLERANCE = 1e-5;

function values(seed: number, n: number): number[] {
  const rand = prng(seed);
  return Array.from({ length: n }, () => rand() * 2 - 1);
}

/** Conv [O, Ka, Kb, I] or depthwise [1, Ka, Kb, C * m]: Ka runs along the source's axis 1, Kb along axis 2. */
function cases(padding: Padding): [string, string, OperatorOptions, FakeTensor[]][] {
  const spatial = {
    padding,
    strideH: 2,
    strideW: 1,
    dilationH: 1,
    dilationW: 2,
    activation: 'NONE' as const,
  };
  const o = 4;
  const m = 2;
  return [
    [
      'CONV_2D',
      `conv 3x2 ${padding}`,
      { kind: 'Conv2D', ...spatial },
      [
        { shape: [] },
        { shape: [o, 3, 2, C], data: values(1, o * 3 * 2 * C) },
        { shape: [o], data: values(2, o) },
        { shape: [] },
      ],
    ],
    [
      'DEPTHWISE_CONV_2D',
      `depthwise 3x2 x${m} ${padding}`,
      { kind: 'DepthwiseConv2D', depthMultiplier: m, ...spatial },
      [
        { shape: [] },
        { shape: [1, 3, 2, C * m], data: values(3, 3 * 2 * C * m) },
        { shape: [C * m], data: values(4, C * m) },
        { shape: [] },
      ],
    ],
  ];
}

describe.each(['SAME', 'VALID'] as const)('one-op graphs, %s', (padding) => {
  for (const [opName, label, options, tensors] of cases(padding)) {
    it.each(['natural', 'transposed'] as const)(`${label}, %s source layout`, async (layout) => {
      const batch = randomBatch(5, 2, H, W);
      const input = layout === 'natural' ? naturalNhwc(batch) : transposedNhwc(batch);
      const model = oneOp(opName, options, [{ ...tensors[0]!, shape: input.shape }, ...tensors.slice(1)]);
      const ref = [...interpret(model, [input]).values()][0]!;
      const opts: ConvertOptions = {
        name: 'one-op',
        docString: '',
        sourceLayout: layout,
        inputHeight: H,
        inputWidth: W,
        outputHeight: 'h',
        outputWidth: 'w',
        outputs: [{ source: `t${tensors.length - 1}`, name: 'out' }],
      };
      const s = await ort.InferenceSession.create(encodeModel(convertGraph(model, opts), '0'));
      const out = (await s.run({ input: new ort.Tensor('float32', batch.data, [2, C, H, W]) })).out!;
      const ours = { dims: [...out.dims], data: out.data as Float32Array };
      const diff = layout === 'natural' ? compareNatural(ours, ref).diff : maxAbsDiff(ours, ref);
      expect(diff).toBeLessThanOrEqual(TOLERANCE);
      await s.release();
    });
  }
});
