// Public API of the weight conversion tool (used by the CLI and the tests).
export {
  buildModel,
  type ModelForm,
  type ModelFormInfo,
  type ModelInfo,
  modelForms,
  provenance,
  type TensorInfo,
  writeModel,
} from './build.js';
export { type ConvertOptions, convertGraph, fixedPadsForSame } from './convert.js';
export * from './dlib-resnet.js';
export * from './dlib-template.js';
export { dumpGraph } from './dump.js';
export { interpret, type Tensor } from './interpreter.js';
export { NCHWC_CHANNEL_ALIGNMENT, toNchwcForm } from './nchwc-form.js';
export { type Dim, encodeModel, type GraphSpec, IR_VERSION, OPSET } from './onnx-writer.js';
export {
  isStage,
  loadSource,
  type SourceModel,
  type Stage,
  sha256,
  sourcePackage,
  sourcePath,
  stages,
} from './source.js';
export { inputConvention, outputsNote, type StageSpec, stageSpecs } from './stages.js';
export * from './tfjs-weights.js';
export {
  type ConstantTensor,
  constantByName,
  constantData,
  constantInt32,
  isConstant,
  mainSubgraph,
} from './tflite-constants.js';
export * from './tflite-reader.js';
export { BuiltinOperator, builtinOperatorName, TensorType, tensorTypeName } from './tflite-schema.js';
