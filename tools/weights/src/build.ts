// Builds one stage's ONNX model from the released TFLite weights and describes it in model-info.json.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertGraph } from './convert.js';
import { toNchwcForm } from './nchwc-form.js';
import { type Dim, encodeModel, type GraphSpec, IR_VERSION, OPSET } from './onnx-writer.js';
import { loadSource, type SourceModel, type Stage, sha256, sourcePackage } from './source.js';
import { inputConvention, outputsNote, stageDocString, stageSpecs } from './stages.js';

export const provenance =
  'MTCNN weights of Zhang et al. 2016 (Joint Face Detection and Alignment using Multi-task Cascaded ' +
  'Convolutional Networks), converted to TensorFlow by the davidsandberg/facenet project (MIT), to ' +
  `TFLite by TOCO, as shipped in ${sourcePackage} (MIT); converted to ONNX by @mtcnn/weights.`;

export interface TensorInfo {
  name: string;
  dtype: 'float32';
  shape: Dim[];
}

/** The tuned forms written beside the portable model (see nchwc-form.ts). */
export const modelForms = ['nchwc'] as const;
export type ModelForm = (typeof modelForms)[number];

export interface ModelFormInfo {
  file: string;
  bytes: number;
  sha256: string;
  /** Which runtime the form is for and how it differs; its inputs and outputs are the portable model's. */
  note: string;
}

const formNotes: Record<ModelForm, string> = {
  nchwc:
    "The same network for onnxruntime's CPU provider on x86-64: conv channels padded to multiples of 16, " +
    'PRelu on maps as y + (1 - a) * relu(-y) from per-channel scales (P-Net: its first PRelu after the max ' +
    'pool, from the pooled maps of y and a * y), a two-class Softmax over map channels as a Sigmoid of the ' +
    "logit differences, so the maps stay in onnxruntime's NCHWc layout. Same inputs and outputs; values equal " +
    'to rounding (about 1e-6).',
};

/**
 * A converted graph's tuned forms (bytes, by form name) and their description for model-info.json, each form's
 * file named `<name>.<form>.onnx`. `notes` says what each form changed in this graph.
 */
export function tunedForms(
  graph: GraphSpec,
  version: string,
  name: string,
  notes: Record<ModelForm, string> = formNotes,
): { forms: Record<ModelForm, Uint8Array>; info: Record<ModelForm, ModelFormInfo> } {
  const forms: Record<ModelForm, Uint8Array> = { nchwc: encodeModel(toNchwcForm(graph), version) };
  const info = Object.fromEntries(
    modelForms.map((form) => [
      form,
      {
        file: `${name}.${form}.onnx`,
        bytes: forms[form].length,
        sha256: sha256(forms[form]),
        note: notes[form],
      },
    ]),
  ) as Record<ModelForm, ModelFormInfo>;
  return { forms, info };
}

/** Writes each tuned form's file into `outDir` (see tunedForms). */
export function writeTunedForms(
  outDir: string,
  forms: Record<ModelForm, Uint8Array>,
  info: Record<ModelForm, ModelFormInfo>,
): void {
  for (const form of modelForms) writeFileSync(join(outDir, info[form].file), forms[form]);
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
  /** The same network in forms tuned for one runtime, by form name. */
  forms: Record<ModelForm, ModelFormInfo>;
  provenance: string;
  producer: string;
}

// Both src/ (tests) and dist/ (CLI) sit one level below the package root.
export function producerVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** A stage's released network as the graph we ship: converted from its TFLite model, with the shipped docString. */
export function convertStage(stage: Stage, source: SourceModel = loadSource(stage)): GraphSpec {
  return convertGraph(source.model, {
    ...stageSpecs[stage],
    docString: stageDocString(stage, provenance),
  });
}

/** Converts a stage's TFLite model to ONNX in memory: the portable model, its tuned forms, their description. */
export function buildModel(stage: Stage): {
  bytes: Uint8Array;
  forms: Record<ModelForm, Uint8Array>;
  info: ModelInfo;
} {
  const spec = stageSpecs[stage];
  const src = loadSource(stage);
  const version = producerVersion();
  const graph = convertStage(stage, src);
  const bytes = encodeModel(graph, version);
  const tuned = tunedForms(graph, version, stage);
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
    forms: tuned.info,
    provenance,
    producer: `@mtcnn/weights@${version}`,
  };
  return { bytes, forms: tuned.forms, info };
}

/** Writes `<outDir>/<stage>.onnx`, each tuned form's `<stage>.<form>.onnx` and `<outDir>/model-info.json`. */
export function writeModel(stage: Stage, outDir: string): ModelInfo {
  const { bytes, forms, info } = buildModel(stage);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, info.file), bytes);
  writeTunedForms(outDir, forms, info.forms);
  writeFileSync(join(outDir, 'model-info.json'), `${JSON.stringify(info, null, 2)}\n`);
  return info;
}
