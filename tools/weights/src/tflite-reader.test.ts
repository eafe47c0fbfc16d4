import { Builder } from 'flatbuffers';
import { describe, expect, it } from 'vitest';
import { loadSource } from './source.js';
import { constantByName, constantData, mainSubgraph } from './tflite-constants.js';
import { readTflite } from './tflite-reader.js';
import { BuiltinOperator, BuiltinOptionsType } from './tflite-schema.js';

/** A tiny TFLite flatbuffer with the given operator codes and one operator per code. */
function modelWithOpcodes(codes: { deprecated?: number; builtin?: number }[]): Uint8Array {
  const b = new Builder(256);
  const offsetVector = (items: number[]) => {
    b.startVector(4, items.length, 4);
    for (let i = items.length - 1; i >= 0; i--) b.addOffset(items[i]!);
    return b.endVector();
  };
  const opcodes = codes.map((c) => {
    b.startObject(4);
    if (c.deprecated !== undefined) b.addFieldInt8(0, c.deprecated, 0);
    if (c.builtin !== undefined) b.addFieldInt32(3, c.builtin, 0);
    return b.endObject();
  });
  const operators = codes.map((_, i) => {
    b.startObject(5);
    b.addFieldInt32(0, i, 0);
    return b.endObject();
  });
  const opsVec = offsetVector(operators);
  b.startObject(5);
  b.addFieldOffset(3, opsVec, 0);
  const subgraph = b.endObject();
  const opcodesVec = offsetVector(opcodes);
  const subgraphsVec = offsetVector([subgraph]);
  b.startObject(5);
  b.addFieldInt32(0, 3, 0);
  b.addFieldOffset(1, opcodesVec, 0);
  b.addFieldOffset(2, subgraphsVec, 0);
  const model = b.endObject();
  b.finish(model, 'TFL3');
  return b.asUint8Array();
}

/** A one-operator model whose operator carries an options table with the given int fields (index -> value). */
function modelWithOptions(code: number, optionsType: number, fields: [number, 'int8' | 'int32', number][]) {
  const b = new Builder(256);
  const vector = (items: number[]) => {
    b.startVector(4, items.length, 4);
    for (let i = items.length - 1; i >= 0; i--) b.addOffset(items[i]!);
    return b.endVector();
  };
  b.startObject(4);
  b.addFieldInt8(0, code, 0);
  const opcode = b.endObject();
  b.startObject(8);
  for (const [index, kind, value] of fields) {
    if (kind === 'int8') b.addFieldInt8(index, value, 0);
    else b.addFieldInt32(index, value, 0);
  }
  const options = b.endObject();
  b.startObject(5);
  b.addFieldInt32(0, 0, 0);
  b.addFieldInt8(3, optionsType, 0);
  b.addFieldOffset(4, options, 0);
  const op = b.endObject();
  const ops = vector([op]);
  b.startObject(5);
  b.addFieldOffset(3, ops, 0);
  const subgraph = b.endObject();
  const opcodes = vector([opcode]);
  const subgraphs = vector([subgraph]);
  b.startObject(5);
  b.addFieldInt32(0, 3, 0);
  b.addFieldOffset(1, opcodes, 0);
  b.addFieldOffset(2, subgraphs, 0);
  const model = b.endObject();
  b.finish(model, 'TFL3');
  return readTflite(b.asUint8Array()).subgraphs[0]!.operators[0]!;
}

describe('readTflite', () => {
  // Every field set away from its default, so a field read from the wrong slot would show.
  it('decodes every field of DepthwiseConv2DOptions', () => {
    const op = modelWithOptions(
      BuiltinOperator.DEPTHWISE_CONV_2D,
      BuiltinOptionsType.DepthwiseConv2DOptions,
      [
        [0, 'int8', 1],
        [1, 'int32', 2],
        [2, 'int32', 3],
        [3, 'int32', 4],
        [4, 'int8', 3],
        [5, 'int32', 5],
        [6, 'int32', 6],
      ],
    );
    expect(op.opName).toBe('DEPTHWISE_CONV_2D');
    expect(op.options).toEqual({
      kind: 'DepthwiseConv2D',
      padding: 'VALID',
      strideW: 2,
      strideH: 3,
      depthMultiplier: 4,
      activation: 'RELU6',
      dilationW: 5,
      dilationH: 6,
    });
    // Absent dilation fields mean 1 (schema default), absent padding SAME.
    expect(
      modelWithOptions(BuiltinOperator.DEPTHWISE_CONV_2D, BuiltinOptionsType.DepthwiseConv2DOptions, [
        [1, 'int32', 1],
        [2, 'int32', 1],
        [3, 'int32', 1],
      ]).options,
    ).toMatchObject({ padding: 'SAME', depthMultiplier: 1, activation: 'NONE', dilationW: 1, dilationH: 1 });
  });

  it('decodes every field of Conv2DOptions', () => {
    const op = modelWithOptions(BuiltinOperator.CONV_2D, BuiltinOptionsType.Conv2DOptions, [
      [0, 'int8', 1],
      [1, 'int32', 2],
      [2, 'int32', 3],
      [3, 'int8', 1],
      [4, 'int32', 5],
      [5, 'int32', 6],
    ]);
    expect(op.options).toEqual({
      kind: 'Conv2D',
      padding: 'VALID',
      strideW: 2,
      strideH: 3,
      activation: 'RELU',
      dilationW: 5,
      dilationH: 6,
    });
  });

  it('reads the P-Net graph', () => {
    const { model } = loadSource('pnet');
    expect(model.version).toBe(3);
    const sg = mainSubgraph(model);
    expect(sg.tensors[sg.inputs[0]!]!.name).toBe('pnet/input');
    expect(sg.outputs.map((i) => sg.tensors[i]!.name)).toEqual(['pnet/prob1', 'pnet/conv4-2/BiasAdd']);
    expect(new Set(sg.operators.map((o) => o.opName))).toEqual(
      new Set([
        'CONV_2D',
        'RELU',
        'NEG',
        'MUL',
        'ADD',
        'MAX_POOL_2D',
        'REDUCE_MAX',
        'SUB',
        'EXP',
        'SUM',
        'DIV',
      ]),
    );
    const pool = sg.operators.find((o) => o.opName === 'MAX_POOL_2D')!;
    expect(pool.options).toEqual({
      kind: 'Pool2D',
      padding: 'SAME',
      strideW: 2,
      strideH: 2,
      filterW: 2,
      filterH: 2,
      activation: 'NONE',
    });
    const conv = sg.operators[0]!;
    expect(conv.options).toMatchObject({
      kind: 'Conv2D',
      padding: 'VALID',
      strideW: 1,
      strideH: 1,
      activation: 'NONE',
    });
  });

  it('extracts float32 constants by name with their shape', () => {
    const { model } = loadSource('onet');
    const w = constantByName(model, 'onet/conv5/weights/read/transpose');
    expect(w.shape).toEqual([256, 1152]);
    expect(w.dtype).toBe('float32');
    expect(w.data.length).toBe(256 * 1152);
    expect(w.data.every(Number.isFinite)).toBe(true);
    expect(() => constantByName(model, 'onet/nope')).toThrow(/no constant tensor named "onet\/nope"/);
  });

  it('refuses non-float32 and quantised tensors', () => {
    const { model } = loadSource('rnet');
    const sg = mainSubgraph(model);
    const axes = sg.tensors.find((t) => t.name === 'rnet/Max/reduction_indices')!;
    expect(() => constantData(model, axes)).toThrow(/dtype INT32; only FLOAT32/);
    const alpha = sg.tensors.find((t) => t.name === 'rnet/prelu1/alpha/read')!;
    expect(() => constantData(model, { ...alpha, quantized: true })).toThrow(/quantised/);
  });

  it('takes the larger of deprecated_builtin_code and builtin_code', () => {
    const model = readTflite(
      modelWithOpcodes([{ deprecated: 3 }, { deprecated: 127, builtin: 150 }, { builtin: 82 }]),
    );
    expect(model.subgraphs[0]!.operators.map((o) => o.opcode)).toEqual([3, 150, 82]);
    expect(model.subgraphs[0]!.operators.map((o) => o.opName)).toEqual([
      'CONV_2D',
      'BUILTIN_150',
      'REDUCE_MAX',
    ]);
  });

  it('rejects files that are not TFLite', () => {
    expect(() => readTflite(new Uint8Array(64))).toThrow(/not a TFLite flatbuffer/);
  });
});
