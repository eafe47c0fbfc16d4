// Small helpers that assemble an ONNX ModelProto with onnx-proto's generated protobuf classes.
// Everything is built from plain data in a fixed order, with no timestamps or random ids, so the
// encoded bytes depend only on the weights and the graph.
import onnxProto, { type onnx as proto } from 'onnx-proto';

// onnx-proto is CommonJS; under Node's ESM loader only its default export (module.exports) exists.
const { onnx } = onnxProto;

/** The single opset every model is written against (Softmax takes one axis from opset 13 on). */
export const OPSET = 17;
/** ONNX IR version matching opset 17 (ONNX 1.12+). */
export const IR_VERSION = 8;

/** A dimension: a fixed size or a symbolic name such as "N". */
export type Dim = number | string;

export interface ValueInfo {
  name: string;
  shape: Dim[];
}

export type AttributeValue = number | number[] | string;

export interface NodeSpec {
  opType: string;
  name: string;
  inputs: string[];
  outputs: string[];
  /** Integers (as INT / INTS) unless the key is listed in `floatAttributes`; strings as STRING. */
  attributes?: Record<string, AttributeValue>;
  floatAttributes?: string[];
}

export interface Initializer {
  name: string;
  dims: number[];
  data: Float32Array;
}

export interface GraphSpec {
  name: string;
  docString: string;
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  nodes: NodeSpec[];
  initializers: Initializer[];
}

function valueInfo(v: ValueInfo): proto.IValueInfoProto {
  return {
    name: v.name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: { dim: v.shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function attribute(name: string, value: AttributeValue, asFloat: boolean): proto.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof value === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) {
    return asFloat ? { name, type: T.FLOATS, floats: value } : { name, type: T.INTS, ints: value };
  }
  return asFloat ? { name, type: T.FLOAT, f: value } : { name, type: T.INT, i: value };
}

function node(n: NodeSpec): proto.INodeProto {
  // Attributes in sorted key order so the bytes never depend on object construction order.
  const attrs = Object.keys(n.attributes ?? {})
    .sort()
    .map((k) => attribute(k, n.attributes![k]!, n.floatAttributes?.includes(k) ?? false));
  return { opType: n.opType, name: n.name, input: n.inputs, output: n.outputs, attribute: attrs };
}

function tensor(init: Initializer): proto.ITensorProto {
  const count = init.dims.reduce((a, b) => a * b, 1);
  if (count !== init.data.length) {
    throw new Error(
      `onnx: initializer "${init.name}" has ${init.data.length} values, dims [${init.dims}] need ${count}`,
    );
  }
  // raw_data is little-endian by the ONNX spec; write it explicitly rather than rely on host order.
  const raw = new Uint8Array(count * 4);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < count; i++) view.setFloat32(4 * i, init.data[i]!, true);
  return { name: init.name, dims: init.dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: raw };
}

/** Encodes a graph as a complete ONNX model file. */
export function encodeModel(graph: GraphSpec, producerVersion: string): Uint8Array {
  const names = new Set<string>();
  for (const init of graph.initializers) {
    if (names.has(init.name)) throw new Error(`onnx: duplicate initializer "${init.name}"`);
    names.add(init.name);
  }
  const model: proto.IModelProto = {
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: OPSET }],
    producerName: '@mtcnn/weights',
    producerVersion,
    graph: {
      name: graph.name,
      docString: graph.docString,
      input: graph.inputs.map(valueInfo),
      output: graph.outputs.map(valueInfo),
      node: graph.nodes.map(node),
      initializer: graph.initializers.map(tensor),
    },
  };
  const err = onnx.ModelProto.verify(model);
  if (err) throw new Error(`onnx: invalid model: ${err}`);
  return onnx.ModelProto.encode(model).finish();
}
