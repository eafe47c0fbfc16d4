// Messages between the page and the detector worker. Each worker holds one detector, so each has its own
// onnxruntime-web instance and with it its own (page-global in onnxruntime-web) WebAssembly thread count.
import type { DeviceIn } from '@mtcnn/backend-onnx/web';
import type { Detection, DetectOptions } from '@mtcnn/core';
import type { StandardStage } from '../standard-stages.js';

/** Where one stage runs inside a worker: a device the browser entry serves. */
export type StageDevice = DeviceIn<'browser'>;

/** One detector: a device per stage and the thread count of the worker's WebAssembly runtime. */
export interface DetectorConfig {
  readonly stages: Readonly<Record<StandardStage, StageDevice>>;
  readonly wasmThreads: number;
}

export type WorkerRequest =
  | { readonly type: 'load'; readonly id: number; readonly config: DetectorConfig }
  | {
      readonly type: 'detect';
      readonly id: number;
      readonly image: ImageData | ImageBitmap;
      readonly options: DetectOptions;
    }
  | { readonly type: 'dispose'; readonly id: number };

/** One detection with the time the worker spent on it. */
export interface WorkerDetection {
  readonly detection: Detection;
  /** Milliseconds from the call to its result inside the worker (pixels read + cascade). */
  readonly workerMs: number;
}

export interface WorkerError {
  readonly code?: string;
  readonly message: string;
}

export type WorkerResponse =
  | { readonly type: 'loaded'; readonly id: number; readonly ms: number }
  | ({ readonly type: 'detected'; readonly id: number } & WorkerDetection)
  | { readonly type: 'disposed'; readonly id: number }
  | { readonly type: 'failed'; readonly id: number; readonly error: WorkerError };
