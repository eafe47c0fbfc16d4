// The suite on onnxruntime-node's WebGPU provider (Dawn). Without a GPU it runs on SwiftShader, a CPU emulation
// of Vulkan, some hundred times slower than the CPU provider: the photos are two samples downscaled to 640 px.
// Skipped, with the runtime's reason, where no WebGPU adapter can be created.
import { onnxNodeBackend } from '@mtcnn/backend-onnx/node';
import { defineConformanceSuite, OUTPUT_TOLERANCE } from '@mtcnn/core/testing';
import { describe, it } from 'vitest';
import { cascade } from './cascade.js';
import { GPU_PHOTO_WIDTH, GPU_PHOTOS, photos } from './images.js';
import { nodeTarget } from './node-target.js';

defineConformanceSuite(
  { describe, it },
  nodeTarget({
    name: 'onnx-node:webgpu',
    backend: () => onnxNodeBackend({ device: 'webgpu' }),
    stages: cascade,
    tolerance: OUTPUT_TOLERANCE.webgpu,
    photos: () => photos(GPU_PHOTOS, GPU_PHOTO_WIDTH),
  }),
);
