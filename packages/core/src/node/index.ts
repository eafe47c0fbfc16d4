// Node-only entry: the core's user API, plus image files and encoded bytes decoded with sharp.
import {
  createDetector as createCoreDetector,
  type Detector,
  type DetectorOptions,
  type ImageInput,
  type ReadImageOptions,
  type RgbImage,
  readImage as readCoreImage,
} from '../index.js';
import { type EncodedImageInput, nodeImageDecoder } from './decode-image.js';

export * from '../index.js';
export {
  type DecodeImageOptions,
  decodeImageFile,
  type EncodedImageInput,
  nodeImageDecoder,
} from './decode-image.js';
export {
  DEFAULT_FETCH_TIMEOUT_MS,
  DEFAULT_MAX_INPUT_BYTES,
  type ReadBytesOptions,
  readAllBytes,
  readImageBytes,
} from './read-image-bytes.js';

/** In Node, `detect` also takes a file path, a file: or http(s): URL, or encoded image bytes (JPEG, PNG, WebP…). */
export type NodeImageInput = ImageInput | EncodedImageInput;

/** A detector that also takes what {@link NodeImageInput} adds. */
export type NodeDetector = Detector<NodeImageInput>;

/** {@link createCoreDetector} with sharp decoding of files and buffers. */
export async function createDetector(options: DetectorOptions): Promise<NodeDetector> {
  // The decoder turns the Node-only inputs into pixels before the core sees them.
  return (await createCoreDetector({ decodeImage: nodeImageDecoder, ...options })) as NodeDetector;
}

/** {@link readCoreImage} that also decodes files and encoded bytes with sharp (unless `decodeImage` is given). */
export function readImage(image: NodeImageInput, options: ReadImageOptions = {}): Promise<RgbImage> {
  return readCoreImage(image as ImageInput, { decodeImage: nodeImageDecoder, ...options });
}
