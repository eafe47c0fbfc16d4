import { type RgbImage, rawToRgb } from '@mtcnn/core';
import { decodeImageFile, type EncodedImageInput, type NodeDetector } from '@mtcnn/core/node';
import { type ImageRecord, imageRecord } from './records.js';

/**
 * Decodes one file (its header's dimensions checked against `maxPixels` before any pixel is decoded) and
 * detects its faces. Throws the library's typed errors. `source` replaces the file when its bytes were fetched
 * (an http(s) input); the record still names `file`.
 */
export async function detectFile(
  detector: NodeDetector,
  file: string,
  maxPixels: number | undefined,
  source: EncodedImageInput = file,
): Promise<{ image: RgbImage; record: ImageRecord }> {
  const started = performance.now();
  const raw = await decodeImageFile(source, maxPixels === undefined ? {} : { maxPixels });
  const decodeMs = performance.now() - started;
  const detection = await detector.detectWithDetails(raw);
  return { image: rawToRgb(raw), record: imageRecord(file, decodeMs, detection) };
}
