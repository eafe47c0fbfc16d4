// A trained stage as a model folder the detector loads: the portable ONNX model, its nchwc form, and a JSON
// description of where the weights came from (the folder layout in tools/train/README.md).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  encodeModel,
  type GraphSpec,
  type Initializer,
  inputConvention,
  isStage,
  outputsNote,
  provenance as releasedProvenance,
  type Stage,
  sha256,
  stageDocString,
  stageSpecs,
  toNchwcForm,
} from '@mtcnn/weights';
import { stageGraph } from './stage-graph.js';
import { TrainError } from './train-error.js';

/** Loss terms and face accuracy as a trained model's description gives them (landmarks for O-Net only). */
export interface LossSummary {
  total: number;
  face: number;
  box: number;
  landmarks?: number;
  /** Share of negatives and positives classified right, 0–1. */
  faceAccuracy: number;
}

/** The last epoch's training means and validation (or, before an epoch ended, the last steps' means). */
export interface FinalLosses extends LossSummary {
  validation?: LossSummary & { samples: number };
}

/** How a stage was trained, recorded beside its model. */
export interface TrainingInfo {
  /** The dataset folder or its name. */
  dataset: string;
  /**
   * The dataset's licence, when known. Left out, a dataset whose name says WIDER is noted as research use only,
   * any other as "not recorded".
   */
  datasetLicence?: string;
  /** 'released': fine-tuned from the released weights; 'scratch': from random weights. */
  init: 'released' | 'scratch';
  epochs: number;
  /** Training samples (one epoch's worth). */
  samples: number;
  finalLosses: FinalLosses;
  /** Seconds spent fitting, where known. */
  seconds?: number;
  /** Training samples per second over the fit's steps, where known. */
  samplesPerSecond?: number;
  /** The fit's settings, where known (a resumed fit must be given the same). */
  batchSize?: number;
  learningRate?: number;
  seed?: number;
  /** Where the training samples came from (the sample set's provenance), where known. */
  samplesProvenance?: string;
}

export interface ModelFile {
  file: string;
  bytes: number;
  sha256: string;
}

/** `<stage>.json`: the trained model's description. */
export interface ExportedModelInfo {
  format: 'mtcnn-trained-model/1';
  stage: Stage;
  summary: string;
  portable: ModelFile;
  nchwc: ModelFile;
  inputConvention: string;
  outputsNote: string;
  training: TrainingInfo;
  /** What the weights may be used for: their lineage and the dataset's terms. */
  licence: string;
  producer: string;
}

export interface ExportedModel {
  stage: Stage;
  /** Absolute or relative paths as `out` was given: what `pnet({ model: { portable, nchwc } })` takes. */
  portable: string;
  nchwc: string;
  infoPath: string;
  info: ExportedModelInfo;
}

export interface ExportOptions {
  stage: Stage;
  initializers: readonly Initializer[];
  /** The model folder; created if missing. Files of other stages in it are left alone. */
  out: string;
  info: TrainingInfo;
}

const PRODUCER = '@mtcnn/train';

export const WIDER_LICENCE =
  'Trained on WIDER FACE (Yang et al. 2016), whose images are for non-commercial research use only: these ' +
  'weights inherit that restriction.';

function datasetLicence(info: TrainingInfo): string {
  if (info.datasetLicence) return info.datasetLicence;
  if (/wider/i.test(info.dataset)) return WIDER_LICENCE;
  return `The dataset's licence (${info.dataset}) was not recorded; its terms apply to these weights.`;
}

/** The licence note of a trained model: the released weights' lineage when fine-tuned, and the dataset's terms. */
export function licenceNote(info: TrainingInfo): string {
  // Targets distilled from the released O-Net carry its lineage into weights trained from scratch too.
  const distilled = /distilled from the released/i.test(info.samplesProvenance ?? '');
  const lineage =
    info.init === 'released'
      ? `Fine-tuned from the released weights: ${releasedProvenance}`
      : distilled
        ? `Trained from random weights by @mtcnn/train (MIT) on landmark targets distilled from the released O-Net: ${releasedProvenance}`
        : 'Trained from random weights by @mtcnn/train (MIT); no released weights are in it.';
  return `${lineage} ${datasetLicence(info)}`;
}

/**
 * The stage's graph with `trained` as its initializers, in the graph's order. Every initializer must be there
 * once, with the graph's name and dims and finite values; anything else is an {@link TrainError}.
 */
export function trainedGraph(stage: Stage, trained: readonly Initializer[], docString?: string): GraphSpec {
  checkStage(stage);
  const graph = stageGraph(stage);
  const byName = new Map(trained.map((init) => [init.name, init]));
  const known = new Set(graph.initializers.map((init) => init.name));
  const unknown = trained.filter((init) => !known.has(init.name)).map((init) => init.name);
  if (unknown.length > 0) {
    throw new TrainError('INITIALIZER_UNKNOWN', `${stage} has no initializer ${unknown.join(', ')}`);
  }
  const initializers = graph.initializers.map((released) => {
    const init = byName.get(released.name);
    if (!init) throw new TrainError('INITIALIZER_MISSING', `${stage}: no trained ${released.name}`);
    const want = released.dims.join('×');
    if (init.dims.join('×') !== want) {
      throw new TrainError(
        'INITIALIZER_SHAPE',
        `${stage}: ${released.name} is ${init.dims.join('×') || 'a scalar'}, the graph needs ${want}`,
      );
    }
    if (init.data.length !== released.data.length) {
      throw new TrainError(
        'INITIALIZER_SHAPE',
        `${stage}: ${released.name} holds ${init.data.length} values, ${want} needs ${released.data.length}`,
      );
    }
    const bad = init.data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      throw new TrainError(
        'INITIALIZER_NOT_FINITE',
        `${stage}: ${released.name}[${bad}] is ${init.data[bad]}`,
      );
    }
    return { name: released.name, dims: [...released.dims], data: Float32Array.from(init.data) };
  });
  return { ...graph, docString: docString ?? graph.docString, initializers };
}

function checkStage(stage: string): asserts stage is Stage {
  if (!isStage(stage)) throw new TrainError('UNKNOWN_STAGE', `unknown stage ${stage}: pnet, rnet or onet`);
}

function writeModelFile(dir: string, file: string, bytes: Uint8Array): ModelFile {
  writeFileSync(join(dir, file), bytes);
  return { file, bytes: bytes.length, sha256: sha256(bytes) };
}

/**
 * Writes `<out>/<stage>.onnx`, `<out>/<stage>.nchwc.onnx` and `<out>/<stage>.json`: the stage's graph with the
 * trained initializers, in the two forms the detector's stages take as `{ portable, nchwc }`.
 */
export async function exportStage(options: ExportOptions): Promise<ExportedModel> {
  const { stage, out, info } = options;
  checkStage(stage);
  const spec = stageSpecs[stage];
  const licence = licenceNote(info);
  const docString = stageDocString(
    stage,
    `trained by ${PRODUCER} (${info.init === 'released' ? 'fine-tuned' : 'from scratch'}, ${info.epochs} epochs ` +
      `on ${info.dataset}). ${licence}`,
  );
  const graph = trainedGraph(stage, options.initializers, docString);
  const version = producerVersion();
  mkdirSync(out, { recursive: true });
  const portable = writeModelFile(out, `${stage}.onnx`, encodeModel(graph, version));
  const nchwc = writeModelFile(out, `${stage}.nchwc.onnx`, encodeModel(toNchwcForm(graph), version));
  const description: ExportedModelInfo = {
    format: 'mtcnn-trained-model/1',
    stage,
    summary: spec.summary,
    portable,
    nchwc,
    inputConvention,
    outputsNote: outputsNote(stage),
    training: info,
    licence,
    producer: `${PRODUCER}@${version}`,
  };
  const infoPath = join(out, `${stage}.json`);
  writeFileSync(infoPath, `${JSON.stringify(description, null, 2)}\n`);
  return {
    stage,
    portable: join(out, portable.file),
    nchwc: join(out, nchwc.file),
    infoPath,
    info: description,
  };
}

// Both src/ (tests) and dist/ (CLI) sit one level below the package root.
function producerVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}
