// Hand-computed checks of the reference interpreter on tiny graphs, independent of any runtime.
import { describe, expect, it } from 'vitest';
import { interpret } from './interpreter.js';
import type { OperatorOptions, TfliteModel, TfliteTensor } from './tflite-reader.js';
import { TensorType } from './tflite-schema.js';

interface FakeTensor {
  shape: number[];
  data?: number[];
  int32?: boolean;
}

/** A one-op model: tensors[0] is the input, the last tensor the output, the rest constants. */
function oneOp(opName: string, options: OperatorOptions, tensors: FakeTensor[]): TfliteModel {
  const buffers: Uint8Array[] = [new Uint8Array(0)];
  const ts: TfliteTensor[] = tensors.map((t, index) => {
    let buffer = 0;
    if (t.data !== undefined) {
      const bytes = new Uint8Array(4 * t.data.length);
      const view = new DataView(bytes.buffer);
      for (const [i, v] of t.data.entries()) {
        if (t.int32) view.setInt32(4 * i, v, true);
        else view.setFloat32(4 * i, v, true);
      }
      buffer = buffers.push(bytes) - 1;
    }
    const type = t.int32 ? TensorType.INT32 : TensorType.FLOAT32;
    return { index, name: `t${index}`, shape: t.shape, type, buffer, quantized: false };
  });
  const last = tensors.length - 1;
  return {
    version: 3,
    description: 'test',
    buffers,
    subgraphs: [
      {
        name: '',
        tensors: ts,
        inputs: [0],
        outputs: [last],
        operators: [
          {
            opcode: 0,
            opName,
            customCode: null,
            inputs: tensors.slice(0, last).map((_, i) => i),
            outputs: [last],
            options,
          },
        ],
      },
    ],
  };
}

const run = (m: TfliteModel, shape: number[], data: number[]) => {
  const out = [...interpret(m, [{ shape, data: Float64Array.from(data) }]).values()][0]!;
  return { shape: out.shape, data: Array.from(out.data) };
};
const range = (n: number, f: (i: number) => number = (i) => i) => Array.from({ length: n }, (_, i) => f(i));

describe('reference interpreter', () => {
  it('MAX_POOL_2D SAME pads at the end and never lets padding win', () => {
    const m = oneOp(
      'MAX_POOL_2D',
      { kind: 'Pool2D', padding: 'SAME', strideW: 2, strideH: 2, filterW: 2, filterH: 2, activation: 'NONE' },
      [{ shape: [1, 3, 3, 1] }, { shape: [1, 2, 2, 1] }],
    );
    expect(
      run(
        m,
        [1, 3, 3, 1],
        range(9, (i) => -1 - i),
      ),
    ).toEqual({ shape: [1, 2, 2, 1], data: [-1, -3, -7, -9] });
    expect(
      run(
        m,
        [1, 3, 3, 1],
        range(9, (i) => 1 + i),
      ),
    ).toEqual({ shape: [1, 2, 2, 1], data: [5, 6, 8, 9] });
  });

  it('CONV_2D SAME with stride 2 puts the odd pad at the end', () => {
    const m = oneOp(
      'CONV_2D',
      {
        kind: 'Conv2D',
        padding: 'SAME',
        strideW: 2,
        strideH: 2,
        activation: 'NONE',
        dilationW: 1,
        dilationH: 1,
      },
      [
        { shape: [1, 4, 4, 1] },
        { shape: [1, 3, 3, 1], data: range(9, () => 1) },
        { shape: [1], data: [0.5] },
        { shape: [1, 2, 2, 1] },
      ],
    );
    expect(run(m, [1, 4, 4, 1], range(16))).toEqual({ shape: [1, 2, 2, 1], data: [45.5, 39.5, 66.5, 50.5] });
  });

  it('CONV_2D VALID with fused RELU, several channels', () => {
    // Filter [O=2, 1, 1, I=2]: out0 = x0 - x1, out1 = x1 - x0.
    const m = oneOp(
      'CONV_2D',
      {
        kind: 'Conv2D',
        padding: 'VALID',
        strideW: 1,
        strideH: 1,
        activation: 'RELU',
        dilationW: 1,
        dilationH: 1,
      },
      [{ shape: [1, 1, 2, 2] }, { shape: [2, 1, 1, 2], data: [1, -1, -1, 1] }, { shape: [1, 1, 2, 2] }],
    );
    expect(run(m, [1, 1, 2, 2], [3, 1, 1, 4])).toEqual({ shape: [1, 1, 2, 2], data: [2, 0, 0, 3] });
  });

  it('FULLY_CONNECTED flattens NHWC input row-major, per batch row', () => {
    const m = oneOp(
      'FULLY_CONNECTED',
      { kind: 'FullyConnected', activation: 'NONE', weightsFormat: 0, keepNumDims: false },
      [
        { shape: [1, 1, 2, 2] },
        { shape: [2, 4], data: [1, 0, 0, 0, 0, 0, 0, 1] },
        { shape: [2], data: [10, 20] },
        { shape: [1, 2] },
      ],
    );
    expect(run(m, [2, 1, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8])).toEqual({ shape: [2, 2], data: [11, 24, 15, 28] });
  });

  it('SUM and REDUCE_MAX over the last axis with keep_dims; broadcasting SUB', () => {
    const sum = oneOp('SUM', { kind: 'Reducer', keepDims: true }, [
      { shape: [2, 3] },
      { shape: [], data: [-1], int32: true },
      { shape: [2, 1] },
    ]);
    expect(run(sum, [2, 3], [1, 2, 3, 4, 5, 6])).toEqual({ shape: [2, 1], data: [6, 15] });
    const max = oneOp('REDUCE_MAX', { kind: 'Reducer', keepDims: false }, [
      { shape: [2, 3] },
      { shape: [], data: [1], int32: true },
      { shape: [2] },
    ]);
    expect(run(max, [2, 3], [1, 9, 3, 4, 5, -6])).toEqual({ shape: [2], data: [9, 5] });
    const sub = oneOp('SUB', { kind: 'Elementwise', activation: 'NONE' }, [
      { shape: [2, 2] },
      { shape: [2], data: [1, 2] },
      { shape: [2, 2] },
    ]);
    expect(run(sub, [2, 2], [5, 5, 7, 7])).toEqual({ shape: [2, 2], data: [4, 3, 6, 5] });
  });

  it('rejects operators it does not implement', () => {
    const m = oneOp('TANH', { kind: 'None' }, [{ shape: [1] }, { shape: [1] }]);
    expect(() => run(m, [1], [0])).toThrow(/unsupported operator TANH/);
  });
});
