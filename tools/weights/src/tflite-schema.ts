// The few numeric constants of the TFLite flatbuffer schema (tensorflow/lite/schema/schema.fbs)
// that our reader and interpreter need. Values are fixed by the schema and never renumbered.

/** BuiltinOperator codes for the ops we know about, by name. */
export const BuiltinOperator = {
  ADD: 0,
  AVERAGE_POOL_2D: 1,
  CONCATENATION: 2,
  CONV_2D: 3,
  DEPTHWISE_CONV_2D: 4,
  FULLY_CONNECTED: 9,
  LOGISTIC: 14,
  MAX_POOL_2D: 17,
  MUL: 18,
  RELU: 19,
  RESHAPE: 22,
  SOFTMAX: 25,
  PAD: 34,
  TRANSPOSE: 39,
  MEAN: 40,
  SUB: 41,
  DIV: 42,
  SQUEEZE: 43,
  EXP: 47,
  PRELU: 54,
  MAXIMUM: 55,
  NEG: 59,
  SUM: 74,
  REDUCE_MAX: 82,
  ABS: 101,
} as const;

export type BuiltinOperatorName = keyof typeof BuiltinOperator;

/** Name of a builtin operator code, or `BUILTIN_<code>` for one we have no name for. */
export function builtinOperatorName(code: number): string {
  for (const [name, value] of Object.entries(BuiltinOperator)) if (value === code) return name;
  return `BUILTIN_${code}`;
}

/** TensorType enum. */
export const TensorType = {
  FLOAT32: 0,
  FLOAT16: 1,
  INT32: 2,
  UINT8: 3,
  INT64: 4,
  STRING: 5,
  BOOL: 6,
  INT16: 7,
  COMPLEX64: 8,
  INT8: 9,
  FLOAT64: 10,
} as const;

export function tensorTypeName(code: number): string {
  for (const [name, value] of Object.entries(TensorType)) if (value === code) return name;
  return `TYPE_${code}`;
}

/** Padding enum: SAME pads so that out = ceil(in / stride), VALID does not pad. */
export type Padding = 'SAME' | 'VALID';
export const paddingNames: readonly Padding[] = ['SAME', 'VALID'];

/** ActivationFunctionType enum, as used by fused_activation_function fields. */
export type Activation = 'NONE' | 'RELU' | 'RELU_N1_TO_1' | 'RELU6' | 'TANH' | 'SIGN_BIT';
export const activationNames: readonly Activation[] = [
  'NONE',
  'RELU',
  'RELU_N1_TO_1',
  'RELU6',
  'TANH',
  'SIGN_BIT',
];

/** BuiltinOptions union discriminants for the option tables we decode. */
export const BuiltinOptionsType = {
  NONE: 0,
  Conv2DOptions: 1,
  DepthwiseConv2DOptions: 2,
  Pool2DOptions: 5,
  FullyConnectedOptions: 8,
  SoftmaxOptions: 9,
  AddOptions: 11,
  ReshapeOptions: 17,
  MulOptions: 21,
  TransposeOptions: 26,
  ReducerOptions: 27,
  SubOptions: 28,
  DivOptions: 29,
  SqueezeOptions: 30,
} as const;
