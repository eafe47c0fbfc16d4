// The full cascade for a bench backend, each stage on its own (optionally metered) backend.
import { readFileSync } from 'node:fs';
import type { Backend, Model, ModelForms, Stage } from '@mtcnn/core';
import { ONET_MODEL, onet } from '@mtcnn/onet';
import { PNET_MODEL, pnet } from '@mtcnn/pnet';
import { RNET_MODEL, rnet } from '@mtcnn/rnet';
import type { BenchBackend } from './backends.js';
import type { StandardStage } from './standard-stages.js';

/** The bundled model's forms, as URLs or (for a web runtime in Node) as bytes; the backend picks its form. */
function model(bench: BenchBackend, forms: ModelForms): Model {
  if (!bench.modelsAsBytes) return forms;
  return Object.fromEntries(
    Object.entries(forms).map(([form, url]) => [form, new Uint8Array(readFileSync(url as URL))]),
  ) as unknown as ModelForms;
}

/** P-Net, R-Net and O-Net with default options; `backendFor` picks each stage's backend. */
export function benchStages(bench: BenchBackend, backendFor: (stage: StandardStage) => Backend): Stage[] {
  return [
    pnet({ model: model(bench, PNET_MODEL), backend: backendFor('pnet') }),
    rnet({ model: model(bench, RNET_MODEL), backend: backendFor('rnet') }),
    onet({ model: model(bench, ONET_MODEL), backend: backendFor('onet') }),
  ];
}
