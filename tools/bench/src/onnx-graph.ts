// Reading and writing the few ONNX graph facts the bench needs, with onnx-proto's generated classes.
import onnxProto, { type onnx as proto } from 'onnx-proto';

// onnx-proto is CommonJS; under Node's ESM loader only its default export (module.exports) exists.
const { onnx } = onnxProto;

export type OnnxModel = proto.ModelProto;

export function decodeModel(bytes: Uint8Array): OnnxModel {
  return onnx.ModelProto.decode(bytes);
}

/** Integer-list attribute of a node, or `fallback` when absent. */
export function intsAttribute(node: proto.INodeProto, name: string, fallback: number[]): number[] {
  const found = node.attribute?.find((a) => a.name === name);
  return found?.ints && found.ints.length > 0 ? found.ints.map(Number) : fallback;
}

/** Integer attribute of a node, or `fallback` when absent. */
export function intAttribute(node: proto.INodeProto, name: string, fallback: number): number {
  const found = node.attribute?.find((a) => a.name === name);
  return found?.i === undefined || found.i === null ? fallback : Number(found.i);
}

const FLOAT = onnx.TensorProto.DataType.FLOAT;
/** Opset and IR version of the models the bench builds (ONNX 1.12+, as the MTCNN models). */
const OPSET = 17;
const IR_VERSION = 8;

export interface BuiltNode {
  readonly opType: string;
  readonly inputs: string[];
  readonly outputs: string[];
  readonly ints?: Record<string, number[]>;
}

export interface BuiltGraph {
  readonly inputs: { name: string; shape: number[] }[];
  readonly outputs: { name: string; shape: number[] }[];
  readonly nodes: BuiltNode[];
  readonly initializers: { name: string; dims: number[]; data: Float32Array }[];
}

function valueInfo(name: string, shape: number[]): proto.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType: FLOAT, shape: { dim: shape.map((d) => ({ dimValue: d })) } } },
  };
}

/** Encodes a small float32 graph as ONNX model bytes (for the peak measurements). */
export function encodeGraph(graph: BuiltGraph): Uint8Array {
  const ints = onnx.AttributeProto.AttributeType.INTS;
  const model: proto.IModelProto = {
    irVersion: IR_VERSION,
    producerName: '@mtcnn/bench',
    opsetImport: [{ domain: '', version: OPSET }],
    graph: {
      name: 'bench',
      node: graph.nodes.map((n) => ({
        opType: n.opType,
        input: n.inputs,
        output: n.outputs,
        attribute: Object.entries(n.ints ?? {}).map(([name, values]) => ({ name, type: ints, ints: values })),
      })),
      initializer: graph.initializers.map((t) => ({
        name: t.name,
        dims: t.dims,
        dataType: FLOAT,
        rawData: new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength),
      })),
      input: graph.inputs.map((v) => valueInfo(v.name, v.shape)),
      output: graph.outputs.map((v) => valueInfo(v.name, v.shape)),
    },
  };
  return onnx.ModelProto.encode(model).finish();
}
