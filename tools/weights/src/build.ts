// Builds one stage's ONNX model from the released TFLite weights and describes it in model-info.json.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertGraph } from './convert.js';
import { type Dim, encodeModel, IR_VERSION, OPSET } from './onnx-writer.js';
import { loadSource, type Stage, sha256, sourcePackage } from './source.js';
import { inputConvention, outputsNote, stageSpecs } from './stages.js';

export const provenance =
  'MTCNN weights of Zhang et al. 2016 (Joint Face Detection and Alignment using Multi-task Cascaded ' +
  'Convolutional Networks), converted to TensorFlow by the davidsandberg/facenet project (MIT), to ' +
  `TFLite by TOCO, as shipped in ${sourcePackage} (MIT); converted to ONNX by @mtcnn/weights.`;

export interface TensorInfo {
  name: string;
  dtype: 'float32';
  shape: Dim[];
}

export interface ModelInfo {
  stage: Stage;
  summary: string;
  file: string;
  bytes: number;
  sha256: string;
  format: 'onnx';
  irVersion: number;
  opset: number;
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  outputSize?: string;
  inputConvention: string;
  outputsNote: string;
  source: { package: string; file: string; path: string; sha256: string };
  provenance: string;
  producer: string;
}

// Both src/ (tests) and dist/ (CLI) sit one level below the package root.
function producerVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** Converts a stage's TFLite model to ONNX in memory. */
export function buildModel(stage: Stage): { bytes: Uint8Array; info: ModelInfo } {
  const spec = stageSpecs[stage];
  const src = loadSource(stage);
  const version = producerVersion();
  const graph = convertGraph(src.model, {
    ...spec,
    docString: `${spec.summary} Input: ${inputConvention} ${outputsNote(stage)} Weights: ${provenance}`,
  });
  const bytes = encodeModel(graph, version);
  const tensors = (vs: typeof graph.inputs): TensorInfo[] =>
    vs.map((v) => ({ name: v.name, dtype: 'float32', shape: v.shape }));
  const info: ModelInfo = {
    stage,
    summary: spec.summary,
    file: `${stage}.onnx`,
    bytes: bytes.length,
    sha256: sha256(bytes),
    format: 'onnx',
    irVersion: IR_VERSION,
    opset: OPSET,
    inputs: tensors(graph.inputs),
    outputs: tensors(graph.outputs),
    ...(spec.outputSize === undefined ? {} : { outputSize: spec.outputSize }),
    inputConvention,
    outputsNote: outputsNote(stage),
    source: {
      package: sourcePackage,
      file: src.fileName,
      path: `android/src/main/assets/${src.fileName}`,
      sha256: src.sha256,
    },
    provenance,
    producer: `@mtcnn/weights@${version}`,
  };
  return { bytes, info };
}

/** Writes `<outDir>/<stage>.onnx` and `<outDir>/model-info.json`. */
export function writeModel(stage: Stage, outDir: string): ModelInfo {
  const { bytes, info } = buildModel(stage);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, info.file), bytes);
  writeFileSync(join(outDir, 'model-info.json'), `${JSON.stringify(info, null, 2)}\n`);
  return info;
}
