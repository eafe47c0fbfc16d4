// Messages between a detector pool and its worker threads.
import type { DetectOptions } from '@mtcnn/core';

/** What the worker is given when it starts: where its detector comes from. */
export interface PoolWorkerData {
  /** file: URL of the factory module. */
  readonly factory: string;
  readonly exportName: string;
  readonly factoryOptions: unknown;
  readonly warmup: boolean;
}

/** One call of the detector API, as the pool queues it. */
export type PoolCall =
  | {
      readonly method: 'detect' | 'detectWithDetails';
      readonly image: unknown;
      readonly options?: DetectOptions;
    }
  | { readonly method: 'warmup' | 'dispose' };

/** A call on its way to a worker, numbered. */
export type PoolRequest = PoolCall & { readonly id: number };

/** An error as it crosses the thread boundary: MtcnnError codes survive, stacks do not. */
export interface PoolError {
  readonly message: string;
  readonly code?: string;
}

export type PoolReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: PoolError };

/** The first message of a worker: its detector is ready (and warm), or could not be created. */
export type PoolReady = { readonly ready: true } | { readonly ready: false; readonly error: PoolError };
