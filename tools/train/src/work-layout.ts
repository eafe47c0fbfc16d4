// Where a training run keeps its files: one work folder, a subfolder per step and stage, so a rerun finds what
// each finished step left and skips it.
import { join } from 'node:path';
import type { Stage } from './stage-graph.js';

export interface WorkLayout {
  /** The stage's sample set (mining writes it, fitting reads it). */
  samples(stage: Stage): string;
  /** The fit's own folder: checkpoints/, curves.json, and training.json (how it was fitted, for export). */
  fit(stage: Stage): string;
  /** The trained model folder: <stage>.onnx, <stage>.nchwc.onnx, <stage>.json. */
  models: string;
  /** The curves' pictures: <stage>.svg and <stage>.png. */
  curves: string;
}

export function workLayout(work: string): WorkLayout {
  return {
    samples: (stage) => join(work, 'samples', stage),
    fit: (stage) => join(work, 'fit', stage),
    models: join(work, 'models'),
    curves: join(work, 'curves'),
  };
}
