import onnxProto, { type onnx as proto } from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { buildModel } from './build.js';
import { fixedPadsForSame } from './convert.js';
import { stages } from './source.js';

const { onnx } = onnxProto;

describe('fixedPadsForSame', () => {
  // Brute force over many sizes, independently of the periodicity argument in the code.
  const tfSame = (n: number, k: number, s: number) => {
    const out = Math.ceil(n / s);
    return { out, before: Math.floor(Math.max((out - 1) * s + k - n, 0) / 2) };
  };
  for (const [k, s] of [
    [2, 2],
    [3, 2],
    [1, 1],
    [3, 1],
    [2, 1],
    [3, 3],
    [1, 2],
  ] as const) {
    it(`kernel ${k}, stride ${s}`, () => {
      const pads = fixedPadsForSame({ kernel: k, stride: s, dilation: 1 });
      const works = (p: [number, number]) =>
        Array.from({ length: 200 }, (_, i) => i + k).every((n) => {
          const tf = tfSame(n, k, s);
          return tf.before === p[0] && Math.floor((n + p[0] + p[1] - k) / s) + 1 === tf.out;
        });
      if (pads === null) {
        // No fixed pads of any size may work.
        for (let b = 0; b < k; b++) for (let e = 0; e < k; e++) expect(works([b, e])).toBe(false);
      } else {
        expect(works(pads)).toBe(true);
      }
    });
  }
  it('gives the end pad P-Net needs', () => {
    expect(fixedPadsForSame({ kernel: 2, stride: 2, dilation: 1 })).toEqual([0, 1]);
  });
});

describe.each(stages)('%s ONNX graph', (stage) => {
  const model = onnx.ModelProto.decode(buildModel(stage).bytes);
  // Decoded messages always carry their repeated fields; the class type says so, the interface does not.
  const graph = model.graph as proto.GraphProto;
  const attr = (node: (typeof graph.node)[number], name: string) =>
    node.attribute?.find((a) => a.name === name);

  it('uses opset 17 and only portable standard ops', () => {
    expect(model.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', 17]]);
    for (const node of graph.node) {
      expect(['Conv', 'PRelu', 'MaxPool', 'Softmax', 'Flatten', 'Gemm']).toContain(node.opType);
      expect(attr(node, 'auto_pad')).toBeUndefined();
      expect(attr(node, 'ceil_mode')).toBeUndefined();
    }
  });

  it('pools exactly as the source graph pads', () => {
    const pools = graph.node
      .filter((n) => n.opType === 'MaxPool')
      .map((n) => ['kernel_shape', 'strides', 'pads'].map((a) => attr(n, a)!.ints!.map(Number)));
    const expected = {
      // 2x2/2 SAME on a dynamic size: pad 1 at the end, harmless for even sizes.
      pnet: [
        [
          [2, 2],
          [2, 2],
          [0, 0, 1, 1],
        ],
      ],
      // 22 -> 11 (SAME, odd pad at the end), 9 -> 4 (VALID).
      rnet: [
        [
          [3, 3],
          [2, 2],
          [0, 0, 1, 1],
        ],
        [
          [3, 3],
          [2, 2],
          [0, 0, 0, 0],
        ],
      ],
      // 46 -> 23 (SAME), 21 -> 10 (VALID), 8 -> 4 (SAME, no pad needed).
      onet: [
        [
          [3, 3],
          [2, 2],
          [0, 0, 1, 1],
        ],
        [
          [3, 3],
          [2, 2],
          [0, 0, 0, 0],
        ],
        [
          [2, 2],
          [2, 2],
          [0, 0, 0, 0],
        ],
      ],
    }[stage];
    expect(pools).toEqual(expected);
  });

  it('has no duplicate initializer names and a batch-dynamic input', () => {
    const names = graph.initializer.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    const dims = graph.input[0]!.type!.tensorType!.shape!.dim;
    expect(graph.input[0]!.name).toBe('input');
    expect(dims![0]!.dimParam).toBe('N');
  });
});
