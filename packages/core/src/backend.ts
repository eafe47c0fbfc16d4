import type { Tensor } from './tensor.js';

/**
 * Where a model comes from: a URL (`file:` in Node, `http(s):`/`blob:` in the browser), a path or URL
 * string, or the model's bytes.
 */
export type ModelSource = URL | string | Uint8Array;

/** A loaded model that can be run many times. */
export interface Session {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** Runs the model. Output tensors are plain data owned by the caller. */
  run(feeds: Readonly<Record<string, Tensor>>): Promise<Record<string, Tensor>>;
  /** Releases the model's memory. The session must not be used afterwards. */
  dispose(): Promise<void>;
}

/** Creates sessions. Backends are kept apart from the detector API so any runtime can be plugged in. */
export interface Backend {
  /** Short name used in errors and reports, for example `onnx-node:cpu` or `onnx-web:webgpu`. */
  readonly name: string;
  createSession(model: ModelSource): Promise<Session>;
}
