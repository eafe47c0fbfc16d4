// Models of one's own for the standard stages: a folder as the trainer (tools/train) exports it, or a model per
// stage. A stage the folder lacks keeps its bundled model, so a fine-tuned O-Net alone is a folder with onet.onnx.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Model, MtcnnError } from '@mtcnn/core';
import { STANDARD_STAGES, type StandardStage } from './standard-stages.js';

/** A folder (`<stage>.onnx`, with `<stage>.nchwc.onnx` beside it where the trainer wrote one), or a model per stage. */
export type StageModels = string | Partial<Record<StandardStage, Model>>;

/**
 * A stage's model in a folder as the trainer exports it: `{ portable, nchwc }` absolute paths (`portable` alone
 * where there is no nchwc form), or undefined when the folder has no `<stage>.onnx`.
 */
export function modelInFolder(dir: string, stage: StandardStage): Model | undefined {
  const portable = resolve(dir, `${stage}.onnx`);
  if (!existsSync(portable)) return undefined;
  const nchwc = resolve(dir, `${stage}.nchwc.onnx`);
  return existsSync(nchwc) ? { portable, nchwc } : { portable };
}

/**
 * The models `models` names, per standard stage; stages it leaves out are absent (their bundled model is used).
 * Throws INVALID_OPTION for a folder that is missing or holds none of the three models, or an unknown stage key.
 */
export function stageModels(models: StageModels): Partial<Record<StandardStage, Model>> {
  if (typeof models !== 'string') {
    if (models === null || typeof models !== 'object') {
      throw new MtcnnError('INVALID_OPTION', 'models must be a folder path or { pnet, rnet, onet } models');
    }
    for (const key of Object.keys(models)) {
      if (!STANDARD_STAGES.includes(key as StandardStage)) {
        throw new MtcnnError('INVALID_OPTION', `models has an unknown stage ${JSON.stringify(key)}`);
      }
    }
    return models;
  }
  const dir = resolve(models);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new MtcnnError('INVALID_OPTION', `models folder ${dir} does not exist`);
  }
  const found: Partial<Record<StandardStage, Model>> = {};
  for (const stage of STANDARD_STAGES) {
    const model = modelInFolder(dir, stage);
    if (model) found[stage] = model;
  }
  if (Object.keys(found).length === 0) {
    throw new MtcnnError(
      'INVALID_OPTION',
      `models folder ${dir} holds none of ${STANDARD_STAGES.map((s) => `${s}.onnx`).join(', ')}`,
    );
  }
  return found;
}
