// Hand-computed checks of the reference interpreter on tiny graphs, independent of any runtime.
import { describe, expect, it } from 'vitest';
import { interpret } from './interpreter.js';
import { oneOp } from './test-support.js';
import type { TfliteModel } from './tflite-reader.js';

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

  it('DEPTHWISE_CONV_2D SAME stride 2, depth multiplier 2: channel c reads input channel c / 2', () => {
    // Input [1, 3, 3, 2]: channel 0 is 1..9, channel 1 is 10 * (1..9). Filter [1, 2, 2, 4]: output channels 0, 1
    // read input channel 0 (weights 1 and -1 on every tap), 2 and 3 read channel 1 (weights 1 and 0.5 on the
    // top-left tap only). SAME on 3 with stride 2 and kernel 2: 2 outputs, the one pad at the end.
    const m = oneOp(
      'DEPTHWISE_CONV_2D',
      {
        kind: 'DepthwiseConv2D',
        padding: 'SAME',
        strideW: 2,
        strideH: 2,
        depthMultiplier: 2,
        activation: 'NONE',
        dilationW: 1,
        dilationH: 1,
      },
      [
        { shape: [1, 3, 3, 2] },
        { shape: [1, 2, 2, 4], data: [1, -1, 1, 0.5, 1, -1, 0, 0, 1, -1, 0, 0, 1, -1, 0, 0] },
        { shape: [4], data: [0, 0, 0, 100] },
        { shape: [1, 2, 2, 4] },
      ],
    );
    const input = range(9).flatMap((i) => [i + 1, 10 * (i + 1)]);
    // Windows (top-left corner): (0,0) sums 1+2+4+5 = 12; (0,2) sums 3+6 = 9; (2,0) 7+8 = 15; (2,2) 9.
    expect(run(m, [1, 3, 3, 2], input)).toEqual({
      shape: [1, 2, 2, 4],
      data: [12, -12, 10, 105, 9, -9, 30, 115, 15, -15, 70, 135, 9, -9, 90, 145],
    });
  });

  it('DEPTHWISE_CONV_2D refuses a filter that does not match channels x multiplier', () => {
    const m = oneOp(
      'DEPTHWISE_CONV_2D',
      {
        kind: 'DepthwiseConv2D',
        padding: 'VALID',
        strideW: 1,
        strideH: 1,
        depthMultiplier: 1,
        activation: 'NONE',
        dilationW: 1,
        dilationH: 1,
      },
      [{ shape: [1, 1, 1, 2] }, { shape: [1, 1, 1, 4], data: [1, 1, 1, 1] }, { shape: [1, 1, 1, 4] }],
    );
    expect(() => run(m, [1, 1, 1, 2], [1, 2])).toThrow(/does not fit 2 channels x multiplier 1/);
  });

  it('ABS, and RESHAPE to the shape input (with -1) or refusing a shape that does not fit', () => {
    const abs = oneOp('ABS', { kind: 'None' }, [{ shape: [3] }, { shape: [3] }]);
    expect(run(abs, [3], [-2, 0, 1.5])).toEqual({ shape: [3], data: [2, 0, 1.5] });
    const reshape = (target: number[]) =>
      oneOp('RESHAPE', { kind: 'Reshape', newShape: target }, [
        { shape: [2, 1, 1, 3] },
        { shape: [target.length], data: target, int32: true },
        { shape: target },
      ]);
    expect(run(reshape([-1, 3]), [2, 1, 1, 3], range(6))).toEqual({ shape: [2, 3], data: range(6) });
    expect(run(reshape([2, 3]), [2, 1, 1, 3], range(6))).toEqual({ shape: [2, 3], data: range(6) });
    expect(() => run(reshape([2, 3]), [1, 1, 1, 3], range(3))).toThrow(/RESHAPE of \[1,1,1,3\] \(3 values\)/);
  });

  it('rejects operators it does not implement', () => {
    const m = oneOp('TANH', { kind: 'None' }, [{ shape: [1] }, { shape: [1] }]);
    expect(() => run(m, [1], [0])).toThrow(/unsupported operator TANH/);
  });
});
