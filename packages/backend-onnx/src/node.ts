import { fileURLToPath } from 'node:url';
import type { Backend, ModelSource, Session, Tensor } from '@mtcnn/core';
import * as ort from 'onnxruntime-node';
import { modelLocation } from './model-bytes.js';

/** Execution providers of onnxruntime-node that mtcnn supports. */
export type NodeDevice = 'cpu' | 'webgpu';

export interface OnnxNodeBackendOptions {
  /** Execution provider. Default 'cpu'. */
  readonly device?: NodeDevice;
  /** Threads used within one operator (onnxruntime's intra-op threads). Default: onnxruntime's choice. */
  readonly intraOpNumThreads?: number;
  /** Graph optimisation level. Default 'all'. */
  readonly graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
  /** Any other onnxruntime session options, passed through. */
  readonly sessionOptions?: ort.InferenceSession.SessionOptions;
}

function toOrt(tensor: Tensor): ort.Tensor {
  return new ort.Tensor('float32', tensor.data, tensor.dims);
}

function fromOrt(tensor: ort.Tensor): Tensor {
  const data = tensor.data;
  if (!(data instanceof Float32Array)) throw new Error(`expected a float32 output, got ${tensor.type}`);
  return { data, dims: [...tensor.dims] };
}

class OnnxNodeSession implements Session {
  constructor(private readonly session: ort.InferenceSession) {}

  get inputNames() {
    return this.session.inputNames;
  }

  get outputNames() {
    return this.session.outputNames;
  }

  async run(feeds: Readonly<Record<string, Tensor>>): Promise<Record<string, Tensor>> {
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const [name, tensor] of Object.entries(feeds)) ortFeeds[name] = toOrt(tensor);
    const results = await this.session.run(ortFeeds);
    const out: Record<string, Tensor> = {};
    for (const [name, tensor] of Object.entries(results)) {
      out[name] = fromOrt(tensor);
      tensor.dispose();
    }
    return out;
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}

/** A backend on onnxruntime-node: the CPU execution provider, or WebGPU (Dawn) where an adapter exists. */
export function onnxNodeBackend(options: OnnxNodeBackendOptions = {}): Backend {
  const device = options.device ?? 'cpu';
  const sessionOptions: ort.InferenceSession.SessionOptions = {
    executionProviders: [device],
    graphOptimizationLevel: options.graphOptimizationLevel ?? 'all',
    ...(options.intraOpNumThreads !== undefined ? { intraOpNumThreads: options.intraOpNumThreads } : {}),
    ...options.sessionOptions,
  };
  return {
    name: `onnx-node:${device}`,
    async createSession(model: ModelSource) {
      const location = modelLocation(model, fileURLToPath);
      const session =
        typeof location === 'string'
          ? await ort.InferenceSession.create(location, sessionOptions)
          : await ort.InferenceSession.create(location, sessionOptions);
      return new OnnxNodeSession(session);
    },
  };
}
