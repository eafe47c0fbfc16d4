// Access to the constant (weight) tensors of a TFLite graph, as float32 arrays with their shapes.
import type { TfliteModel, TfliteSubGraph, TfliteTensor } from './tflite-reader.js';
import { TensorType, tensorTypeName } from './tflite-schema.js';

export interface ConstantTensor {
  name: string;
  shape: number[];
  dtype: 'float32';
  data: Float32Array;
}

/** The single subgraph of a model; the MTCNN models have exactly one. */
export function mainSubgraph(model: TfliteModel): TfliteSubGraph {
  const sg = model.subgraphs[0];
  if (sg === undefined || model.subgraphs.length !== 1) {
    throw new Error(`tflite: expected exactly one subgraph, found ${model.subgraphs.length}`);
  }
  return sg;
}

/** True when the tensor has data in the file (a weight), false for activations and inputs. */
export function isConstant(model: TfliteModel, tensor: TfliteTensor): boolean {
  return (model.buffers[tensor.buffer]?.length ?? 0) > 0;
}

/**
 * The data of a constant tensor, copied into a fresh Float32Array (buffer bytes in the file are
 * not necessarily 4-byte aligned). Only plain float32 is supported: quantised or other dtypes
 * would need dequantisation we deliberately do not implement.
 */
export function constantData(model: TfliteModel, tensor: TfliteTensor): Float32Array {
  if (tensor.type !== TensorType.FLOAT32) {
    throw new Error(
      `tflite: tensor "${tensor.name}" has dtype ${tensorTypeName(tensor.type)}; only FLOAT32 is supported`,
    );
  }
  if (tensor.quantized) {
    throw new Error(`tflite: tensor "${tensor.name}" is quantised; only plain FLOAT32 is supported`);
  }
  const bytes = model.buffers[tensor.buffer];
  if (bytes === undefined || bytes.length === 0) {
    throw new Error(`tflite: tensor "${tensor.name}" has no constant data`);
  }
  const count = tensor.shape.reduce((a, b) => a * b, 1);
  if (bytes.length !== count * 4) {
    throw new Error(
      `tflite: tensor "${tensor.name}" has ${bytes.length} bytes but shape [${tensor.shape}] needs ${count * 4}`,
    );
  }
  const out = new Float32Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // TFLite stores little-endian.
  for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, true);
  return out;
}

/** Data of a constant int32 tensor (such as the reduction axes of REDUCE_MAX and SUM). */
export function constantInt32(model: TfliteModel, tensor: TfliteTensor): Int32Array {
  if (tensor.type !== TensorType.INT32) {
    throw new Error(
      `tflite: tensor "${tensor.name}" has dtype ${tensorTypeName(tensor.type)}; expected INT32`,
    );
  }
  const bytes = model.buffers[tensor.buffer];
  if (bytes === undefined || bytes.length === 0 || bytes.length % 4 !== 0) {
    throw new Error(`tflite: tensor "${tensor.name}" has no int32 constant data`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Int32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getInt32(4 * i, true);
  return out;
}

/** Looks up a constant tensor by its exact name; errors list the available constant names. */
export function constantByName(model: TfliteModel, name: string): ConstantTensor {
  const sg = mainSubgraph(model);
  const tensor = sg.tensors.find((t) => t.name === name);
  if (tensor === undefined || !isConstant(model, tensor)) {
    const names = sg.tensors.filter((t) => isConstant(model, t)).map((t) => t.name);
    throw new Error(`tflite: no constant tensor named "${name}"; constants are: ${names.join(', ')}`);
  }
  return { name, shape: [...tensor.shape], dtype: 'float32', data: constantData(model, tensor) };
}
