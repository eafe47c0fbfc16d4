// What each MTCNN stage's ONNX model looks like from the outside: input size, output names.
import type { ConvertOptions } from './convert.js';
import type { Stage } from './source.js';

/** The input convention of every model we write, recorded in the model and in model-info.json. */
export const inputConvention =
  'NCHW float32 RGB image in natural orientation (NOT transposed as facenet feeds the source graphs), ' +
  'normalised as (x - 127.5) * 0.0078125.';

const outputMeaning: Record<string, string> = {
  prob: 'prob: softmax over 2 channels, channel 1 is the face probability.',
  reg: 'reg: box correction (dx1, dy1, dx2, dy2) relative to the box (for P-Net, the 12x12 window) size.',
  landmarks: 'landmarks: x1..x5 then y1..y5 relative to the box (eyes, nose, mouth corners).',
};

/** What the outputs of a stage mean (their values are in natural-image terms, not transposed). */
export function outputsNote(stage: Stage): string {
  return stageSpecs[stage].outputs.map((o) => outputMeaning[o.name]).join(' ');
}

/** The docString a stage's model carries: what it is, its input and outputs, and where `weights` came from. */
export function stageDocString(stage: Stage, weights: string): string {
  return `${stageSpecs[stage].summary} Input: ${inputConvention} ${outputsNote(stage)} Weights: ${weights}`;
}

export interface StageSpec extends Omit<ConvertOptions, 'docString'> {
  summary: string;
  /** How the output map size follows from the input size, where it is not fixed. */
  outputSize?: string;
}

export const stageSpecs: Record<Stage, StageSpec> = {
  pnet: {
    name: 'mtcnn_pnet',
    sourceLayout: 'transposed',
    summary: 'P-Net: fully convolutional proposal network; one 12x12 window per output cell, stride 2.',
    inputHeight: 'H',
    inputWidth: 'W',
    outputHeight: 'h',
    outputWidth: 'w',
    outputSize: 'h = ceil((H - 2) / 2) - 4, w = ceil((W - 2) / 2) - 4 (H, W >= 12)',
    outputs: [
      { source: 'pnet/prob1', name: 'prob' },
      { source: 'pnet/conv4-2/BiasAdd', name: 'reg' },
    ],
  },
  rnet: {
    name: 'mtcnn_rnet',
    sourceLayout: 'transposed',
    summary: 'R-Net: refines P-Net candidates from 24x24 crops.',
    inputHeight: 24,
    inputWidth: 24,
    outputHeight: 'h',
    outputWidth: 'w',
    outputs: [
      { source: 'rnet/prob1', name: 'prob' },
      { source: 'rnet/conv5-2/conv5-2', name: 'reg' },
    ],
  },
  onet: {
    name: 'mtcnn_onet',
    sourceLayout: 'transposed',
    summary: 'O-Net: final box, score and five facial landmarks from 48x48 crops.',
    inputHeight: 48,
    inputWidth: 48,
    outputHeight: 'h',
    outputWidth: 'w',
    outputs: [
      { source: 'onet/prob1', name: 'prob' },
      { source: 'onet/conv6-2/conv6-2', name: 'reg' },
      { source: 'onet/conv6-3/conv6-3', name: 'landmarks' },
    ],
  },
};
