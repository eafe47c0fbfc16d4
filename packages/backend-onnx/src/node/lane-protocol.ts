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

/** One float32 input of a run. */
export interface RunInput {
  readonly name: string;
  /** Offered to a worker: a view of shared memory (SharedArrayBuffer), which every lane sees without a copy. */
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

export interface RunRequest {
  readonly kind: 'run';
  readonly id: number;
  readonly session: number;
  readonly inputs: readonly RunInput[];
  /**
   * The run's slot in the shared claim table (run-claims.ts) when other lanes may take it too: the worker reads
   * the inputs and runs it only if its claim there succeeds, and otherwise answers `taken`.
   */
  readonly claim?: number;
}

export interface ReleaseRequest {
  readonly kind: 'release';
  readonly id: number;
  readonly session: number;
}

/**
 * Ends the thread once the run in hand is finished and answered. Never within a run: onnxruntime-node runs
 * synchronously, and aborts the whole process when its thread is terminated in the middle of one.
 */
export interface ExitRequest {
  readonly kind: 'exit';
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
  /** A run's outputs, each on a buffer of its own (transferred). */
  readonly outputs?: readonly WorkerTensor[];
  /** The run was claimed by another lane first, and did not run here. */
  readonly taken?: boolean;
}

/** What a worker thread is started with (its `workerData`). */
export interface WorkerStart {
  /** The shared claim table's memory (run-claims.ts). */
  readonly claims: SharedArrayBuffer;
  /** This worker's lane number in the claim table (the calling thread is lane 0). */
  readonly lane: number;
}
