import type { RgbImage } from '@mtcnn/core';
import sharp from 'sharp';
import { WriteError } from './records.js';

const CHANNELS = 3;

/** Writes RGB pixels as a PNG file. */
export async function writePng(image: RgbImage, path: string): Promise<void> {
  try {
    await sharp(image.data, { raw: { width: image.width, height: image.height, channels: CHANNELS } })
      .png()
      .toFile(path);
  } catch (cause) {
    throw new WriteError(`cannot write ${path}: ${(cause as Error).message}`, { cause });
  }
}
