import type { Tensor } from './tensor.js';

/**
 * Where a model comes from: a URL (`file:` in Node, `http(s):`/`blob:` in the browser), a path or URL
 * string, or the model's bytes.
 */
export type ModelSource = URL | string | Uint8Array;

/**
 * One network in several forms with the same inputs and outputs: `portable` runs on every runtime; each other
 * key names a form tuned for one runtime (the stage packages ship `nchwc`, for onnxruntime's x86-64 CPU
 * provider). A backend picks the form it runs best with {@link selectModelForm}.
 */
export interface ModelForms {
  readonly portable: ModelSource;
  readonly [form: string]: ModelSource;
}

/** What a stage hands its backend: one model source, or the same network in several forms. */
export type Model = ModelSource | ModelForms;

/** A loaded model that can be run many times. */
export interface Session {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /**
   * How many runs of this session make progress at once when started together (for example one per worker
   * thread). Stages split their work into about this many concurrent runs when it is above 1; absent or 1,
   * they run one batch at a time.
   */
  readonly concurrency?: number;
  /**
   * 'shared': inputs in SharedArrayBuffer memory reach every lane of this session without a copy (a lane that
   * needs private memory copies for itself, in its own thread). Stages lend their inputs from the call's scratch
   * memory, which allocates them there for such a session. Other memory works too, at the price of a copy.
   */
  readonly inputMemory?: 'shared';
  /** Runs the model. Output tensors are plain data owned by the caller. The input data is only read. */
  run(feeds: Readonly<Record<string, Tensor>>): Promise<Record<string, Tensor>>;
  /** Releases the model's memory. The session must not be used afterwards. */
  dispose(): Promise<void>;
}

/** Creates sessions. Backends are kept apart from the detector API so any runtime can be plugged in. */
export interface Backend {
  /** Short name used in errors and reports, for example `onnx-node:cpu` or `onnx-web:webgpu`. */
  readonly name: string;
  /** Loads a model; given several forms, the backend picks one (see {@link selectModelForm}). */
  createSession(model: Model): Promise<Session>;
}
