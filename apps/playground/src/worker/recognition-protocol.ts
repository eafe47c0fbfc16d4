// Messages between the page and the recognition worker. The worker holds a detector and the embedder on one
// device; the gallery stays in the page (matching is a few dot products, and the page persists it).
import type { DetectOptions, Face } from '@mtcnn/core';
import type { StageDevice, WorkerError } from './protocol.js';

/** Where the detector's three stages and the embedder run. */
export interface RecognitionConfig {
  readonly device: StageDevice;
  readonly wasmThreads: number;
}

export type RecognitionRequest =
  | { readonly type: 'load'; readonly id: number; readonly config: RecognitionConfig }
  | {
      readonly type: 'embed';
      readonly id: number;
      readonly image: ImageData | ImageBitmap;
      readonly options: DetectOptions;
    }
  | { readonly type: 'dispose'; readonly id: number };

/** One face found in the image and its unit-length embedding. */
export interface FaceEmbedding {
  readonly face: Face;
  readonly embedding: Float32Array;
}

export type RecognitionResponse =
  | { readonly type: 'loaded'; readonly id: number; readonly ms: number; readonly embedderId: string }
  | {
      readonly type: 'embedded';
      readonly id: number;
      readonly faces: readonly FaceEmbedding[];
      readonly width: number;
      readonly height: number;
      /** Milliseconds in the worker: detection, alignment and embedding. */
      readonly workerMs: number;
    }
  | { readonly type: 'disposed'; readonly id: number }
  | { readonly type: 'failed'; readonly id: number; readonly error: WorkerError };
