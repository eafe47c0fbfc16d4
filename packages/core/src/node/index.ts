// Node-only entry: everything of the core, plus image files and encoded bytes decoded with sharp.
import {
  createDetector as createCoreDetector,
  type Detection,
  type DetectOptions,
  type DetectorOptions,
  type ImageInput,
} from '../index.js';
import { type EncodedImageInput, nodeImageDecoder } from './decode-image.js';

export * from '../index.js';
export { decodeImageFile, type EncodedImageInput, nodeImageDecoder } from './decode-image.js';
export { createDetectorPool, type DetectorPool, type DetectorPoolOptions } from './pool.js';

/** In Node, `detect` also takes a file path, a file: URL, or encoded image bytes (JPEG, PNG, WebP…). */
export type NodeImageInput = ImageInput | EncodedImageInput;

export interface NodeDetector {
  readonly stages: readonly import('../stage.js').StageName[];
  detect(image: NodeImageInput, options?: DetectOptions): Promise<import('../geometry.js').Face[]>;
  detectWithDetails(image: NodeImageInput, options?: DetectOptions): Promise<Detection>;
  warmup(options?: import('../detector.js').WarmupOptions): Promise<void>;
  dispose(): Promise<void>;
}

/** {@link createCoreDetector} with sharp decoding of files and buffers. */
export async function createDetector(options: DetectorOptions): Promise<NodeDetector> {
  return (await createCoreDetector({ decodeImage: nodeImageDecoder, ...options })) as NodeDetector;
}
