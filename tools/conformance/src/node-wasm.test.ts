// The suite on onnxruntime-web's WebAssembly backend running in Node, against onnxruntime-node's CPU.
import { onnxWebBackend } from '@mtcnn/backend-onnx/web';
import { defineConformanceSuite, OUTPUT_TOLERANCE } from '@mtcnn/core/testing';
import { describe, it } from 'vitest';
import { cascade } from './cascade.js';
import { photos } from './images.js';
import { nodeTarget } from './node-target.js';

defineConformanceSuite(
  { describe, it },
  nodeTarget({
    name: 'onnx-web:wasm in Node',
    backend: () => onnxWebBackend({ device: 'wasm' }),
    stages: cascade,
    tolerance: OUTPUT_TOLERANCE.wasm,
    photos: () => photos(),
  }),
);
