// The dlib ResNet conversion: tfjs padding arithmetic, the graph's shape, the folded scale layers, determinism,
// and a run in onnxruntime-node. That the graph computes what face-api computes, on real faces, is proved in
// packages/dlib-resnet (parity.test.ts), which can run face-api on TensorFlow.js.
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { buildDlibResnet, dlibResnetGraph, loadDlibSource, tfjsAxis } from './dlib-resnet.js';
import { sha256 } from './source.js';

describe('tfjsAxis (tfjs conv/pool output size and padding)', () => {
  it("reproduces the network's sizes: 150 → 72 → 35 → 17 → 8 → 3 or 4 → 1 or 2", () => {
    expect(tfjsAxis(150, 7, 2, 'valid')).toEqual({ out: 72, begin: 0, end: 0 }); // ceil(144 / 2)
    expect(tfjsAxis(72, 3, 2, 'valid').out).toBe(35); // max pool: ceil(70 / 2)
    expect(tfjsAxis(35, 3, 2, 'valid').out).toBe(17);
    expect(tfjsAxis(35, 2, 2, 'valid').out).toBe(17); // the average-pooled shortcut agrees
    expect(tfjsAxis(8, 3, 2, 'valid').out).toBe(3); // …here it does not: 3 vs 4
    expect(tfjsAxis(8, 2, 2, 'valid').out).toBe(4);
    expect(tfjsAxis(4, 3, 2, 'valid').out).toBe(1);
    expect(tfjsAxis(4, 2, 2, 'valid').out).toBe(2);
  });

  it("'same' keeps the size at stride 1 and puts the odd pad at the end", () => {
    expect(tfjsAxis(35, 3, 1, 'same')).toEqual({ out: 35, begin: 1, end: 1 });
    // stride 2 on 8: out 4, total pad (4 − 1)·2 + 3 − 8 = 1, all of it after.
    expect(tfjsAxis(8, 3, 2, 'same')).toEqual({ out: 4, begin: 0, end: 1 });
  });
});

describe('dlibResnetGraph', () => {
  const source = loadDlibSource();
  const graph = dlibResnetGraph(source.weights);
  const ops = (type: string) => graph.nodes.filter((n) => n.opType === type);

  it("has dlib's 29 convolutions, 4 down-sampling shortcuts, and pads exactly where the branches differ", () => {
    const convs = ops('Conv').filter((n) => !n.name.endsWith('/pad'));
    expect(convs.length).toBe(29);
    expect(ops('AveragePool').map((n) => n.name)).toEqual([
      'conv64_down/pool',
      'conv128_down/pool',
      'conv256_down/pool',
      'conv256_down_out/pool',
    ]);
    // Zero row and column after the conv branch where it is one smaller (8 → 3 vs 4, 4 → 1 vs 2).
    expect(
      ops('Conv')
        .filter((n) => n.name.endsWith('/pad'))
        .map((n) => n.name),
    ).toEqual(['conv256_down/pad', 'conv256_down_out/pad']);
    // Zero channels after the pooled branch where the block doubles them (32 → 64, 64 → 128, 128 → 256).
    expect(ops('Concat').map((n) => n.name)).toEqual([
      'conv64_down/concat',
      'conv128_down/concat',
      'conv256_down/concat',
    ]);
    expect(ops('Add').length).toBe(14);
    expect(new Set(graph.nodes.map((n) => n.opType))).toEqual(
      new Set([
        'Conv',
        'Relu',
        'MaxPool',
        'AveragePool',
        'Add',
        'Mul',
        'Concat',
        'GlobalAveragePool',
        'Flatten',
        'Gemm',
      ]),
    );
    expect(graph.inputs).toEqual([{ name: 'input', shape: ['N', 3, 150, 150] }]);
    expect(graph.outputs).toEqual([{ name: 'embedding', shape: ['N', 128] }]);
    const first = ops('Conv')[0]!;
    expect(first.attributes).toEqual({ kernel_shape: [7, 7], strides: [2, 2], pads: [0, 0, 0, 0] });
    expect(graph.nodes.find((n) => n.name === 'conv32_1/conv1')!.attributes!.pads).toEqual([1, 1, 1, 1]);
  });

  it('folds each scale layer into its kernel (HWIO → OIHW) and bias: w·s and b·s + t', () => {
    const filters = source.weights.get('conv32_down/conv/filters')!.data; // [7, 7, 3, 32]
    const bias = source.weights.get('conv32_down/conv/bias')!.data;
    const s = source.weights.get('conv32_down/scale/weights')!.data;
    const t = source.weights.get('conv32_down/scale/biases')!.data;
    const w = graph.initializers.find((i) => i.name === 'conv32_down/W')!;
    const b = graph.initializers.find((i) => i.name === 'conv32_down/B')!;
    expect(w.dims).toEqual([32, 3, 7, 7]);
    for (const [o, i, h, k] of [
      [0, 0, 0, 0],
      [5, 2, 6, 1],
      [31, 1, 3, 4],
    ] as const) {
      expect(w.data[((o * 3 + i) * 7 + h) * 7 + k]).toBe(
        Math.fround(filters[((h * 7 + k) * 3 + i) * 32 + o]! * s[o]!),
      );
    }
    for (const o of [0, 17, 31]) expect(b.data[o]).toBe(Math.fround(bias[o]! * s[o]! + t[o]!));
  });

  it('refuses weights that do not match the topology', () => {
    const missing = new Map(source.weights);
    missing.delete('conv128_1/conv2/scale/biases');
    expect(() => dlibResnetGraph(missing)).toThrow(/no "conv128_1\/conv2\/scale\/biases"/);
    const extra = new Map(source.weights);
    extra.set('conv512/conv/filters', {
      name: 'conv512/conv/filters',
      shape: [1],
      data: new Float32Array(1),
    });
    expect(() => dlibResnetGraph(extra)).toThrow(/unused weights conv512\/conv\/filters/);
  });
});

describe('buildDlibResnet', () => {
  it('gives the same bytes twice, and a model onnxruntime runs with a dynamic batch', async () => {
    const a = buildDlibResnet();
    const b = buildDlibResnet();
    expect(sha256(a.bytes)).toBe(sha256(b.bytes));
    expect(a.info).toEqual(b.info);
    expect(a.info.sha256).toBe(sha256(a.bytes));
    const session = await ort.InferenceSession.create(a.bytes, { executionProviders: ['cpu'] });
    try {
      const input = new ort.Tensor(
        'float32',
        new Float32Array(2 * 3 * 150 * 150).fill(0.1),
        [2, 3, 150, 150],
      );
      const { embedding } = await session.run({ input });
      expect(embedding!.dims).toEqual([2, 128]);
      const values = embedding!.data as Float32Array;
      expect(values.every(Number.isFinite)).toBe(true);
      // dlib's embeddings have norms around 1 (its metric loss works at distance scale 0.6).
      const norm = Math.hypot(...values.subarray(0, 128));
      expect(norm).toBeGreaterThan(0.3);
      expect(norm).toBeLessThan(3);
    } finally {
      await session.release();
    }
  });
});
