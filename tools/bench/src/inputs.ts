// The bench inputs: video-sized frames cut from a sample photo, and the six sample photos themselves.
// Pixels are prepared once by the parent (sharp) and handed to the measuring children as raw RGB files,
// so that decoding never counts and sharp never inflates a child's memory.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sampleNames, samplePath } from '@mtcnn/fixtures';
import sharp, { type Sharp } from 'sharp';

/** Standard video frame sizes. */
export const FRAME_SIZES: readonly (readonly [number, number])[] = [
  [640, 480],
  [1280, 720],
  [1920, 1080],
];
/** The photo frames are cut from: four faces of 200–250 px at its full 1920 px width. */
export const FRAME_SOURCE = 'sample1.jpg';

export interface BenchInput {
  /** Short id: `640x480` for frames, the file name for photos. */
  readonly id: string;
  readonly kind: 'frame' | 'photo';
  readonly width: number;
  readonly height: number;
  /** Raw interleaved RGB file. */
  readonly rawPath: string;
}

export interface RgbPixels {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly channels: 3;
}

async function writeRaw(pipeline: Sharp, path: string) {
  const { data, info } = await pipeline.removeAlpha().toColourspace('srgb').raw().toBuffer({
    resolveWithObject: true,
  });
  writeFileSync(path, data);
  return { width: info.width, height: info.height };
}

/** Writes every input's pixels under `dir` and describes them. */
export async function prepareInputs(dir: string, quick: boolean): Promise<BenchInput[]> {
  mkdirSync(dir, { recursive: true });
  const inputs: BenchInput[] = [];
  for (const [width, height] of FRAME_SIZES) {
    const id = `${width}x${height}`;
    const rawPath = join(dir, `${id}.rgb`);
    // 'cover' scales the photo to fill the frame and crops the centre: a real frame, not a stretched one.
    await writeRaw(sharp(samplePath(FRAME_SOURCE)).resize(width, height, { fit: 'cover' }), rawPath);
    inputs.push({ id, kind: 'frame', width, height, rawPath });
  }
  // A quick run keeps one photo: the frames already span the sizes.
  const photos = quick ? sampleNames.slice(0, 1) : sampleNames;
  for (const name of photos) {
    const rawPath = join(dir, `${name}.rgb`);
    const size = await writeRaw(sharp(samplePath(name)).autoOrient(), rawPath);
    inputs.push({ id: name, kind: 'photo', ...size, rawPath });
  }
  return inputs;
}

/** Large photos for the peak-memory section: sample1 enlarged ('cover') to these sizes. */
export const LARGE_PHOTO_SIZES: readonly (readonly [number, number])[] = [
  [4000, 3000],
  [8000, 4200],
];

/** Writes the large photos' pixels under `dir` (ids `4000x3000`, `8000x4200`) and describes them. */
export async function prepareLargePhotos(dir: string, ids?: readonly string[]): Promise<BenchInput[]> {
  mkdirSync(dir, { recursive: true });
  const inputs: BenchInput[] = [];
  for (const [width, height] of LARGE_PHOTO_SIZES) {
    const id = `${width}x${height}`;
    if (ids && !ids.includes(id)) continue;
    const rawPath = join(dir, `${id}.rgb`);
    await writeRaw(sharp(samplePath(FRAME_SOURCE)).resize(width, height, { fit: 'cover' }), rawPath);
    inputs.push({ id, kind: 'photo', width, height, rawPath });
  }
  return inputs;
}

export function loadPixels(input: BenchInput): RgbPixels {
  const data = new Uint8Array(readFileSync(input.rawPath));
  return { data, width: input.width, height: input.height, channels: 3 };
}

/**
 * The recognition frame: 640 × 480 cut from sample1.jpg at full size around its left face (about 190 × 250 px), the
 * only face inside it: a webcam-like frame of one person.
 */
export const RECOGNITION_FRAME = {
  source: 'sample1.jpg',
  centreX: 505,
  centreY: 478,
  width: 640,
  height: 480,
};

export async function prepareRecognitionFrame(dir: string): Promise<BenchInput> {
  const { source, centreX, centreY, width, height } = RECOGNITION_FRAME;
  const id = `${width}x${height}-one-face`;
  const rawPath = join(dir, `${id}.rgb`);
  mkdirSync(dir, { recursive: true });
  await writeRaw(
    sharp(samplePath(source)).extract({
      left: centreX - width / 2,
      top: centreY - height / 2,
      width,
      height,
    }),
    rawPath,
  );
  return { id, kind: 'frame', width, height, rawPath };
}
