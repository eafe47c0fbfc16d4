// A trained model folder (what export writes): <dir>/<stage>.onnx, <stage>.nchwc.onnx, <stage>.json, any subset.
import type { Stage as DetectorStage, Model } from '@mtcnn/core';
import { onet } from '@mtcnn/onet';
import { pnet } from '@mtcnn/pnet';
import { rnet } from '@mtcnn/rnet';
import { modelInFolder } from 'mtcnn';
import type { Stage } from './stage-graph.js';

/**
 * The model a folder holds for a stage: `{ portable, nchwc }` file paths (nchwc only where the folder has it), or
 * undefined when the folder has no `<stage>.onnx` (the stage then keeps its released model).
 */
export function modelFromDir(dir: string | undefined, stage: Stage): Model | undefined {
  return dir === undefined ? undefined : modelInFolder(dir, stage);
}

/** Whether the folder holds a trained model of the stage (else the released one runs). */
export function isTrainedIn(dir: string | undefined, stage: Stage): boolean {
  return modelFromDir(dir, stage) !== undefined;
}

/**
 * The standard cascade with each stage's model taken from `dir` where the folder has it, the released one
 * otherwise: `[pnet({ model }), rnet({ model }), onet({ model })]`. Without `dir`, the released cascade.
 */
export function cascadeFromModels(dir?: string): [DetectorStage, DetectorStage, DetectorStage] {
  return [
    pnet({ model: modelFromDir(dir, 'pnet') }),
    rnet({ model: modelFromDir(dir, 'rnet') }),
    onet({ model: modelFromDir(dir, 'onet') }),
  ];
}
