// The training curves: what fitting records as it goes (per step and per epoch), written to <work>/curves.json
// after every epoch, read by the plotter.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { InitMode } from './init.js';
import type { Stage } from './stage-graph.js';

/** Loss terms and face accuracy (see LossValues in loss.ts). */
export interface LossPoint {
  total: number;
  face: number;
  box: number;
  landmarks: number;
  faceAccuracy: number;
}

export interface StepPoint extends LossPoint {
  /** 1-based, counted over the whole run. */
  step: number;
  /** 1-based epoch the step belongs to. */
  epoch: number;
  learningRate: number;
}

export interface EpochPoint {
  epoch: number;
  /** The last step of the epoch. */
  step: number;
  learningRate: number;
  /** Means over the epoch's steps. */
  train: LossPoint;
  /** On the held-back samples, without hard example mining. */
  validation: LossPoint & { samples: number };
  /** Training samples per second over the epoch's steps (forward, loss, backward, update). */
  samplesPerSecond: number;
}

export interface Curves {
  format: 'mtcnn-curves/1';
  stage: Stage;
  init: InitMode;
  batchSize: number;
  steps: StepPoint[];
  epochs: EpochPoint[];
}

export function emptyCurves(stage: Stage, init: InitMode, batchSize: number): Curves {
  return { format: 'mtcnn-curves/1', stage, init, batchSize, steps: [], epochs: [] };
}

/** Writes the curves whole, through a temporary file, so a reader never sees half of them. */
export function writeCurves(path: string, curves: Curves): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(curves)}\n`);
  renameSync(tmp, path);
}

export function readCurves(path: string): Curves {
  const curves = JSON.parse(readFileSync(path, 'utf8')) as Curves;
  if (curves.format !== 'mtcnn-curves/1')
    throw new Error(`${path}: not a curves file (format ${curves.format})`);
  return curves;
}
