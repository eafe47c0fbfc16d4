// A backend per stage in one Node process: P-Net on onnxruntime-node's WebGPU provider, R-Net and O-Net on
// onnxruntime-web's WebAssembly backend (both entries loaded side by side).
import { onnxNodeBackend } from '@mtcnn/backend-onnx/node';
import { onnxWebBackend } from '@mtcnn/backend-onnx/web';
import { defineConformanceSuite, OUTPUT_TOLERANCE } from '@mtcnn/core/testing';
import { describe, it } from 'vitest';
import { mixedCascade } from './cascade.js';
import { GPU_PHOTO_WIDTH, GPU_PHOTOS, photos } from './images.js';
import { nodeTarget } from './node-target.js';

const gpu = onnxNodeBackend({ device: 'webgpu' });
const wasm = onnxWebBackend({ device: 'wasm' });

defineConformanceSuite(
  { describe, it },
  nodeTarget({
    name: 'P-Net on onnx-node:webgpu, R-Net and O-Net on onnx-web:wasm',
    backend: () => wasm,
    stages: mixedCascade(gpu, wasm),
    // The loosest of the two devices bounds every model.
    tolerance: OUTPUT_TOLERANCE.webgpu,
    photos: () => photos(GPU_PHOTOS, GPU_PHOTO_WIDTH),
  }),
  // The mix's memory behaviour is that of its two backends, each checked in its own suite.
  { checks: ['models', 'detections', 'dispose', 'concurrency'] },
);
