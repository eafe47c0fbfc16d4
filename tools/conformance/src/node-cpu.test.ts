// The suite on onnxruntime-node's CPU provider: the reference itself, so it checks determinism (fresh sessions
// reproduce the reference bit for bit) and the detector contract (dispose, concurrency, memory).
import { onnxNodeBackend } from '@mtcnn/backend-onnx/node';
import { defineConformanceSuite, OUTPUT_TOLERANCE } from '@mtcnn/core/testing';
import { describe, it } from 'vitest';
import { cascade } from './cascade.js';
import { photos } from './images.js';
import { nodeTarget } from './node-target.js';

defineConformanceSuite(
  { describe, it },
  nodeTarget({
    name: 'onnx-node:cpu',
    backend: () => onnxNodeBackend({ device: 'cpu' }),
    stages: cascade,
    tolerance: OUTPUT_TOLERANCE.cpu,
    photos: () => photos(),
  }),
);
