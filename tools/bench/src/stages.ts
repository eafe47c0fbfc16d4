// The full cascade for a bench backend, each stage on its own (optionally metered) backend.
import { readFileSync } from 'node:fs';
import type { Backend, ModelSource, Stage } from '@mtcnn/core';
import { ONET_MODEL_URL, onet } from '@mtcnn/onet';
import { PNET_MODEL_URL, pnet } from '@mtcnn/pnet';
import { RNET_MODEL_URL, rnet } from '@mtcnn/rnet';
import type { BenchBackend } from './backends.js';

function model(bench: BenchBackend, url: URL): ModelSource {
  return bench.modelsAsBytes ? new Uint8Array(readFileSync(url)) : url;
}

/** P-Net, R-Net and O-Net with default options; `backendFor` picks each stage's backend. */
export function benchStages(bench: BenchBackend, backendFor: (stage: Stage['name']) => Backend): Stage[] {
  return [
    pnet({ model: model(bench, PNET_MODEL_URL), backend: backendFor('pnet') }),
    rnet({ model: model(bench, RNET_MODEL_URL), backend: backendFor('rnet') }),
    onet({ model: model(bench, ONET_MODEL_URL), backend: backendFor('onet') }),
  ];
}
