import { type RawImage, type RgbImage, rawToRgb } from '@mtcnn/core';
import { decodeImageFile, type NodeDetector } from '@mtcnn/core/node';
import { type EncodedFormat, encodedFormat } from './encoded-format.js';
import { inputName, readInput } from './input-source.js';
import type { BatchConfig } from './options.js';
import { type ImageRecord, imageRecord } from './records.js';
import { minFaceWarning } from './size-warning.js';

/** An input read and decoded: its pixels, and the format it came in (for `--draw`). */
export interface DecodedInput {
  readonly raw: RawImage;
  readonly image: RgbImage;
  readonly format: EncodedFormat | undefined;
  readonly decodeMs: number;
}

/**
 * Reads one input (a path, a URL, or `-` for stdin) and decodes it, its header's dimensions checked against
 * `maxPixels` before any pixel is decoded. Throws the library's typed errors, naming the input. `fetched` are
 * the input's bytes when the caller already has them (the queue fetches URLs with its own retry rules).
 */
export async function decodeInput(
  input: string,
  maxPixels: number | undefined,
  fetched?: Uint8Array,
): Promise<DecodedInput> {
  const started = performance.now();
  const bytes = fetched ?? (await readInput(input));
  const raw = await decodeImageFile(bytes, {
    name: inputName(input),
    ...(maxPixels === undefined ? {} : { maxPixels }),
  });
  return { raw, image: rawToRgb(raw), format: encodedFormat(bytes), decodeMs: performance.now() - started };
}

/** The options of the batch that {@link detectFile} needs. */
export interface DetectFileOptions {
  readonly maxPixels: number | undefined;
  /** --min-face, for the warning on images smaller than it. */
  readonly minFaceSize: number | undefined;
}

export function detectFileOptions(config: BatchConfig): DetectFileOptions {
  return { maxPixels: config.maxPixels, minFaceSize: config.detector.minFaceSize };
}

/** {@link decodeInput}, then the faces: the pixels, the format and the record (with its warnings). */
export async function detectFile(
  detector: NodeDetector,
  file: string,
  options: DetectFileOptions,
  fetched?: Uint8Array,
): Promise<DecodedInput & { record: ImageRecord }> {
  const decoded = await decodeInput(file, options.maxPixels, fetched);
  const detection = await detector.detectWithDetails(decoded.raw);
  const warning = minFaceWarning(decoded.raw.width, decoded.raw.height, options.minFaceSize);
  return { ...decoded, record: imageRecord(file, decoded.decodeMs, detection, warning ? [warning] : []) };
}
