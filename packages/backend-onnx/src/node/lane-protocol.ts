// Messages between the calling thread's Lanes and its worker lanes' threads (lane-worker.ts). Every request
// carries an id; the worker answers each with one reply of the same id.
import type * as OrtNode from 'onnxruntime-node';

/** Loads a model as session `session` of this worker. */
export interface LoadRequest {
  readonly kind: 'load';
  readonly id: number;
  readonly session: number;
  /** A path, or the model's bytes. */
  readonly model: string | Uint8Array;
  readonly options: OrtNode.InferenceSession.SessionOptions;
}

/** One float32 input, its data in a buffer lent to the worker (transferred there and back). */
export interface LentInput {
  readonly name: string;
  readonly buffer: ArrayBuffer;
  /** Where the data starts in the buffer. Default 0. */
  readonly byteOffset?: number;
  readonly length: number;
  readonly dims: readonly number[];
}

export interface RunRequest {
  readonly kind: 'run';
  readonly id: number;
  readonly session: number;
  readonly inputs: readonly LentInput[];
  /**
   * The run's slot in the shared claim table (run-claims.ts) when other threads may take it too: the worker
   * runs it only if its claim there succeeds, and otherwise answers `taken`.
   */
  readonly claim?: number;
}

export interface ReleaseRequest {
  readonly kind: 'release';
  readonly id: number;
  readonly session: number;
}

export type WorkerRequest = LoadRequest | RunRequest | ReleaseRequest;

export interface WorkerTensor {
  readonly name: string;
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

export interface WorkerReply {
  readonly id: number;
  /** The error's message when the request failed. */
  readonly error?: string;
  /** A loaded session's names. */
  readonly inputNames?: readonly string[];
  readonly outputNames?: readonly string[];
  /** A run's outputs. */
  readonly outputs?: readonly WorkerTensor[];
  /** The run was claimed by another thread first, and did not run here. */
  readonly taken?: boolean;
  /** The buffers a run was lent, given back (also when it failed). */
  readonly returned?: readonly ArrayBuffer[];
}

/** What a worker thread is started with (its `workerData`). */
export interface WorkerStart {
  /** The shared claim table's memory (run-claims.ts). */
  readonly claims: SharedArrayBuffer;
}
