// Public API of the weight conversion tool (used by the CLI and the tests).
export {
  buildModel,
  convertStage,
  type ModelForm,
  type ModelFormInfo,
  type ModelInfo,
  modelForms,
  producerVersion,
  provenance,
  type TensorInfo,
  writeModel,
} from './build.js';
export { type ConvertOptions, convertGraph, fixedPadsForSame } from './convert.js';
export * from './dlib-resnet.js';
export * from './dlib-template.js';
export { dumpGraph } from './dump.js';
export {
  buildEmbedderModel,
  convertEmbedder,
  type EmbedderModelInfo,
  type EmbedderSpec,
  embedderId,
  embedderSpecs,
  writeEmbedderModel,
} from './embedders.js';
export { foldLinearConvs } from './fold-linear-convs.js';
export { interpret, type Tensor } from './interpreter.js';
export { NCHWC_CHANNEL_ALIGNMENT, toNchwcForm } from './nchwc-form.js';
export {
  type Dim,
  encodeModel,
  type GraphSpec,
  type Initializer,
  IR_VERSION,
  type NodeSpec,
  OPSET,
  type ValueInfo,
} from './onnx-writer.js';
export {
  type Embedder,
  embedders,
  isEmbedder,
  isSourceName,
  isStage,
  loadSource,
  type SourceModel,
  type SourceName,
  type Stage,
  sha256,
  sourcePackage,
  sourcePath,
  stages,
} from './source.js';
export { inputConvention, outputsNote, type StageSpec, stageDocString, stageSpecs } from './stages.js';
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
