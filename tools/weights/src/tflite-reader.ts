// A minimal reader for TFLite model files. Instead of generated code we hand-write accessors for
// the handful of tables the MTCNN graphs use, on top of the flatbuffers runtime's ByteBuffer.
// Field numbers follow tensorflow/lite/schema/schema.fbs; a field's vtable slot is 4 + 2 * index.
import { ByteBuffer } from 'flatbuffers';
import {
  type Activation,
  activationNames,
  BuiltinOptionsType,
  builtinOperatorName,
  type Padding,
  paddingNames,
} from './tflite-schema.js';

export interface TfliteTensor {
  index: number;
  name: string;
  shape: number[];
  /** TensorType code; see `TensorType`. */
  type: number;
  /** Index into `TfliteModel.buffers`; buffer 0 is the empty sentinel. */
  buffer: number;
  /** True when the tensor carries quantization parameters (we only handle plain float graphs). */
  quantized: boolean;
}

export interface Conv2DOptions {
  kind: 'Conv2D';
  padding: Padding;
  strideW: number;
  strideH: number;
  activation: Activation;
  dilationW: number;
  dilationH: number;
}

export interface DepthwiseConv2DOptions {
  kind: 'DepthwiseConv2D';
  padding: Padding;
  strideW: number;
  strideH: number;
  /** Output channels per input channel: the filter's last axis is in_channels * depth_multiplier. */
  depthMultiplier: number;
  activation: Activation;
  dilationW: number;
  dilationH: number;
}

export interface Pool2DOptions {
  kind: 'Pool2D';
  padding: Padding;
  strideW: number;
  strideH: number;
  filterW: number;
  filterH: number;
  activation: Activation;
}

export interface FullyConnectedOptions {
  kind: 'FullyConnected';
  activation: Activation;
  /** 0 = DEFAULT; anything else is a shuffled quantised layout. */
  weightsFormat: number;
  keepNumDims: boolean;
}

export interface ReducerOptions {
  kind: 'Reducer';
  keepDims: boolean;
}

/** ADD, SUB, MUL and DIV options all start with the fused activation. */
export interface ElementwiseOptions {
  kind: 'Elementwise';
  activation: Activation;
}

export interface SqueezeOptions {
  kind: 'Squeeze';
  squeezeDims: number[];
}

export interface ReshapeOptions {
  kind: 'Reshape';
  newShape: number[];
}

export interface SoftmaxOptions {
  kind: 'Softmax';
  beta: number;
}

export type OperatorOptions =
  | Conv2DOptions
  | DepthwiseConv2DOptions
  | Pool2DOptions
  | FullyConnectedOptions
  | ReducerOptions
  | ElementwiseOptions
  | SqueezeOptions
  | ReshapeOptions
  | SoftmaxOptions
  | { kind: 'None' }
  | { kind: 'Unsupported'; type: number };

export interface TfliteOperator {
  /** Effective builtin operator code (see `opcodeOf`). */
  opcode: number;
  /** Human-readable op name, e.g. CONV_2D. */
  opName: string;
  customCode: string | null;
  /** Tensor indices; -1 marks an omitted optional input. */
  inputs: number[];
  outputs: number[];
  options: OperatorOptions;
}

export interface TfliteSubGraph {
  name: string;
  tensors: TfliteTensor[];
  inputs: number[];
  outputs: number[];
  operators: TfliteOperator[];
}

export interface TfliteModel {
  version: number;
  description: string;
  subgraphs: TfliteSubGraph[];
  /** Raw bytes of each buffer (empty for buffers without data). */
  buffers: Uint8Array[];
}

/** Byte position of a table field, or 0 when the field is absent (and takes its default). */
function field(bb: ByteBuffer, table: number, index: number): number {
  const o = bb.__offset(table, 4 + 2 * index);
  return o === 0 ? 0 : table + o;
}

function readTable(bb: ByteBuffer, table: number, index: number): number | null {
  const p = field(bb, table, index);
  return p === 0 ? null : bb.__indirect(p);
}

function readString(bb: ByteBuffer, table: number, index: number): string | null {
  const p = field(bb, table, index);
  return p === 0 ? null : (bb.__string(p) as string);
}

function readInt32(bb: ByteBuffer, table: number, index: number, def: number): number {
  const p = field(bb, table, index);
  return p === 0 ? def : bb.readInt32(p);
}

function readUint32(bb: ByteBuffer, table: number, index: number, def: number): number {
  const p = field(bb, table, index);
  return p === 0 ? def : bb.readUint32(p);
}

function readInt8(bb: ByteBuffer, table: number, index: number, def: number): number {
  const p = field(bb, table, index);
  return p === 0 ? def : bb.readInt8(p);
}

function readUint8(bb: ByteBuffer, table: number, index: number, def: number): number {
  const p = field(bb, table, index);
  return p === 0 ? def : bb.readUint8(p);
}

function readFloat32(bb: ByteBuffer, table: number, index: number, def: number): number {
  const p = field(bb, table, index);
  return p === 0 ? def : bb.readFloat32(p);
}

function readInt32Vector(bb: ByteBuffer, table: number, index: number): number[] {
  const p = field(bb, table, index);
  if (p === 0) return [];
  const start = bb.__vector(p);
  const len = bb.__vector_len(p);
  const out: number[] = [];
  for (let i = 0; i < len; i++) out.push(bb.readInt32(start + 4 * i));
  return out;
}

/** Positions of the tables in a vector of tables. */
function readTableVector(bb: ByteBuffer, table: number, index: number): number[] {
  const p = field(bb, table, index);
  if (p === 0) return [];
  const start = bb.__vector(p);
  const len = bb.__vector_len(p);
  const out: number[] = [];
  for (let i = 0; i < len; i++) out.push(bb.__indirect(start + 4 * i));
  return out;
}

function padding(code: number): Padding {
  const p = paddingNames[code];
  if (p === undefined) throw new Error(`tflite: unknown padding code ${code}`);
  return p;
}

function activation(code: number): Activation {
  const a = activationNames[code];
  if (a === undefined) throw new Error(`tflite: unknown fused activation code ${code}`);
  return a;
}

// table OperatorCode { deprecated_builtin_code:byte; custom_code:string; version:int; builtin_code:int }
// Old converters (TOCO included) only wrote the 8-bit deprecated field; newer ones write both, with
// the deprecated one clamped to 127 for codes that do not fit. The larger of the two is the real code.
function opcodeOf(bb: ByteBuffer, table: number): { code: number; custom: string | null } {
  const deprecated = readInt8(bb, table, 0, 0);
  const builtin = readInt32(bb, table, 3, 0);
  return { code: Math.max(deprecated, builtin), custom: readString(bb, table, 1) };
}

function readOptions(bb: ByteBuffer, type: number, t: number | null): OperatorOptions {
  if (type === BuiltinOptionsType.NONE || t === null) return { kind: 'None' };
  switch (type) {
    // Conv2DOptions { padding, stride_w, stride_h, fused_activation_function, dilation_w_factor, dilation_h_factor }
    case BuiltinOptionsType.Conv2DOptions:
      return {
        kind: 'Conv2D',
        padding: padding(readInt8(bb, t, 0, 0)),
        strideW: readInt32(bb, t, 1, 0),
        strideH: readInt32(bb, t, 2, 0),
        activation: activation(readInt8(bb, t, 3, 0)),
        dilationW: readInt32(bb, t, 4, 1),
        dilationH: readInt32(bb, t, 5, 1),
      };
    // DepthwiseConv2DOptions { padding, stride_w, stride_h, depth_multiplier, fused_activation_function,
    //   dilation_w_factor = 1, dilation_h_factor = 1 }
    case BuiltinOptionsType.DepthwiseConv2DOptions:
      return {
        kind: 'DepthwiseConv2D',
        padding: padding(readInt8(bb, t, 0, 0)),
        strideW: readInt32(bb, t, 1, 0),
        strideH: readInt32(bb, t, 2, 0),
        depthMultiplier: readInt32(bb, t, 3, 0),
        activation: activation(readInt8(bb, t, 4, 0)),
        dilationW: readInt32(bb, t, 5, 1),
        dilationH: readInt32(bb, t, 6, 1),
      };
    // Pool2DOptions { padding, stride_w, stride_h, filter_width, filter_height, fused_activation_function }
    case BuiltinOptionsType.Pool2DOptions:
      return {
        kind: 'Pool2D',
        padding: padding(readInt8(bb, t, 0, 0)),
        strideW: readInt32(bb, t, 1, 0),
        strideH: readInt32(bb, t, 2, 0),
        filterW: readInt32(bb, t, 3, 0),
        filterH: readInt32(bb, t, 4, 0),
        activation: activation(readInt8(bb, t, 5, 0)),
      };
    // FullyConnectedOptions { fused_activation_function, weights_format, keep_num_dims, ... }
    case BuiltinOptionsType.FullyConnectedOptions:
      return {
        kind: 'FullyConnected',
        activation: activation(readInt8(bb, t, 0, 0)),
        weightsFormat: readInt8(bb, t, 1, 0),
        keepNumDims: readUint8(bb, t, 2, 0) !== 0,
      };
    // ReducerOptions { keep_dims }
    case BuiltinOptionsType.ReducerOptions:
      return { kind: 'Reducer', keepDims: readUint8(bb, t, 0, 0) !== 0 };
    case BuiltinOptionsType.AddOptions:
    case BuiltinOptionsType.SubOptions:
    case BuiltinOptionsType.MulOptions:
    case BuiltinOptionsType.DivOptions:
      return { kind: 'Elementwise', activation: activation(readInt8(bb, t, 0, 0)) };
    // SqueezeOptions { squeeze_dims:[int] }
    case BuiltinOptionsType.SqueezeOptions:
      return { kind: 'Squeeze', squeezeDims: readInt32Vector(bb, t, 0) };
    // ReshapeOptions { new_shape:[int] }
    case BuiltinOptionsType.ReshapeOptions:
      return { kind: 'Reshape', newShape: readInt32Vector(bb, t, 0) };
    // SoftmaxOptions { beta:float }
    case BuiltinOptionsType.SoftmaxOptions:
      return { kind: 'Softmax', beta: readFloat32(bb, t, 0, 0) };
    default:
      return { kind: 'Unsupported', type };
  }
}

/** Parses a .tflite file. Throws on anything that is not a TFLite flatbuffer. */
export function readTflite(bytes: Uint8Array): TfliteModel {
  const bb = new ByteBuffer(bytes);
  // The file identifier "TFL3" sits right after the root offset.
  if (bytes.length < 8 || bb.getBufferIdentifier() !== 'TFL3') {
    throw new Error('tflite: not a TFLite flatbuffer (missing "TFL3" identifier)');
  }
  const root = bb.readInt32(0);
  // table Model { version, operator_codes, subgraphs, description, buffers, ... }
  const version = readUint32(bb, root, 0, 0);
  const opcodes = readTableVector(bb, root, 1).map((t) => opcodeOf(bb, t));
  const description = readString(bb, root, 3) ?? '';

  // table Buffer { data:[ubyte], offset:ulong, size:ulong }; offset/size are only used by >2 GB
  // models that keep data outside the flatbuffer, which we reject.
  const buffers = readTableVector(bb, root, 4).map((t, i) => {
    const p = field(bb, t, 0);
    if (p === 0) {
      const off = field(bb, t, 1);
      if (off !== 0 && bb.readUint64(off) !== 0n) {
        throw new Error(`tflite: buffer ${i} stores its data outside the flatbuffer; not supported`);
      }
      return new Uint8Array(0);
    }
    const start = bb.__vector(p);
    return bytes.subarray(start, start + bb.__vector_len(p));
  });

  const subgraphs = readTableVector(bb, root, 2).map((sg): TfliteSubGraph => {
    // table SubGraph { tensors, inputs, outputs, operators, name }
    // table Tensor { shape, type, buffer, name, quantization, ... }
    const tensors = readTableVector(bb, sg, 0).map(
      (t, index): TfliteTensor => ({
        index,
        name: readString(bb, t, 3) ?? '',
        shape: readInt32Vector(bb, t, 0),
        type: readInt8(bb, t, 1, 0),
        buffer: readUint32(bb, t, 2, 0),
        quantized: isQuantized(bb, readTable(bb, t, 4)),
      }),
    );
    // table Operator { opcode_index, inputs, outputs, builtin_options_type, builtin_options, ... }
    const operators = readTableVector(bb, sg, 3).map((op): TfliteOperator => {
      const opcodeIndex = readUint32(bb, op, 0, 0);
      const code = opcodes[opcodeIndex];
      if (code === undefined) throw new Error(`tflite: operator refers to missing opcode ${opcodeIndex}`);
      return {
        opcode: code.code,
        opName: code.custom !== null ? `CUSTOM(${code.custom})` : builtinOperatorName(code.code),
        customCode: code.custom,
        inputs: readInt32Vector(bb, op, 1),
        outputs: readInt32Vector(bb, op, 2),
        options: readOptions(bb, readUint8(bb, op, 3, 0), readTable(bb, op, 4)),
      };
    });
    return {
      name: readString(bb, sg, 4) ?? '',
      tensors,
      inputs: readInt32Vector(bb, sg, 1),
      outputs: readInt32Vector(bb, sg, 2),
      operators,
    };
  });

  return { version, description, subgraphs, buffers };
}

// table QuantizationParameters { min:[float], max:[float], scale:[float], zero_point:[long], ... }
// TOCO writes an empty table for float tensors, so "quantized" means a non-empty scale vector.
function isQuantized(bb: ByteBuffer, q: number | null): boolean {
  if (q === null) return false;
  const p = field(bb, q, 2);
  return p !== 0 && bb.__vector_len(p) > 0;
}
