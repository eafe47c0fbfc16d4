// The real images the suite runs on, decoded with sharp: sample photos (full size or downscaled), a 320 px-wide
// photo whose detection supplies the model inputs, and two small face crops for the repeated checks.
import type { DetectOptions, RawImage } from '@mtcnn/core';
import { loadGolden, sampleNames, samplePath } from '@mtcnn/fixtures';
import sharp, { type Sharp } from 'sharp';

async function raw(pipeline: Sharp): Promise<RawImage> {
  const { data, info } = await pipeline.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    width: info.width,
    height: info.height,
    channels: 3,
  };
}

/** A sample photo, at full size or downscaled to `width` pixels (area-averaged, like a browser would). */
export async function photo(name: string, width?: number): Promise<{ label: string; image: RawImage }> {
  const pipeline = sharp(samplePath(name));
  const image = await raw(width ? pipeline.resize({ width, kernel: 'cubic' }) : pipeline);
  return { label: width ? `${name}@${width}` : name, image };
}

export async function photos(names: readonly string[] = sampleNames, width?: number) {
  return Promise.all(names.map((name) => photo(name, width)));
}

/** The image whose detection records each model's inputs for the output-agreement check. */
export async function recordImage(): Promise<RawImage> {
  return (await photo('sample1.jpg', 320)).image;
}

/** Side of the small face crops, in pixels. */
export const SMALL_SIDE = 96;

/**
 * The small images detected again and again (concurrency, memory): a square around one reference face, twice
 * the face's size, scaled to 96 px so the face is about 48 px. With a 40 px minimum face the pyramid has three
 * levels, which keeps 200 detections to well under a minute even on WebGPU emulated by SwiftShader.
 */
export const SMALL_OPTIONS: DetectOptions = { minFaceSize: 40 };

async function faceCrop(name: string, face: number): Promise<{ label: string; image: RawImage }> {
  const reference = loadGolden().results[name]!;
  const [x1, y1, x2, y2] = reference.faces[face]!.box;
  const side = Math.round(2 * Math.max(x2 - x1, y2 - y1));
  const left = Math.max(0, Math.min(reference.width - side, Math.round((x1 + x2 - side) / 2)));
  const top = Math.max(0, Math.min(reference.height - side, Math.round((y1 + y2 - side) / 2)));
  const pipeline = sharp(samplePath(name))
    .extract({ left, top, width: side, height: side })
    .resize({ width: SMALL_SIDE, height: SMALL_SIDE, kernel: 'cubic' });
  return { label: `${name}#${face}@${SMALL_SIDE}`, image: await raw(pipeline) };
}

export async function smallImages() {
  return Promise.all([faceCrop('sample1.jpg', 0), faceCrop('sample3.jpg', 1)]);
}

/** Photos for the full-detection check on emulated WebGPU: two samples with clear faces, downscaled. */
export const GPU_PHOTOS = ['sample1.jpg', 'sample3.jpg'] as const;
export const GPU_PHOTO_WIDTH = 320;
