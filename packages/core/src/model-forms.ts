import type { Model, ModelForms, ModelSource } from './backend.js';

/** Whether a model is given in several forms rather than as one source. */
export function isModelForms(model: Model): model is ModelForms {
  return (
    typeof model === 'object' &&
    !(model instanceof URL) &&
    !(model instanceof Uint8Array) &&
    'portable' in model
  );
}

/**
 * The source a backend loads: the first of its `preferred` forms that the model has, else the portable one.
 * A single source is used as it is, whatever the backend prefers.
 */
export function selectModelForm(model: Model, preferred: readonly string[]): ModelSource {
  if (!isModelForms(model)) return model;
  for (const form of preferred) {
    const source = model[form];
    if (source !== undefined) return source;
  }
  return model.portable;
}
