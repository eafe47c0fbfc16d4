import { fitWithin } from './fit.js';

/** The photo being worked on: a decoded bitmap at its full size, and where it came from. */
export interface Picture {
  readonly name: string;
  readonly bitmap: ImageBitmap;
}

/** Thrown for files the browser cannot decode as an image; the message is meant for the page. */
export class PictureError extends Error {
  override readonly name = 'PictureError';
}

async function decode(blob: Blob, name: string): Promise<Picture> {
  try {
    // EXIF orientation applied, as the library does in Node (sharp) and as the browser shows <img>.
    return { name, bitmap: await createImageBitmap(blob, { imageOrientation: 'from-image' }) };
  } catch {
    throw new PictureError(`${name} could not be decoded as an image`);
  }
}

export async function pictureFromUrl(url: string, name: string): Promise<Picture> {
  const response = await fetch(url);
  if (!response.ok) throw new PictureError(`${name} could not be loaded (HTTP ${response.status})`);
  return decode(await response.blob(), name);
}

export async function pictureFromFile(file: File): Promise<Picture> {
  if (file.type && !file.type.startsWith('image/')) {
    throw new PictureError(`${file.name} is not an image (${file.type})`);
  }
  return decode(file, file.name);
}

function context2d(width: number, height: number): OffscreenCanvasRenderingContext2D {
  const context = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
  if (!context) throw new PictureError('this browser cannot create a 2D canvas');
  return context;
}

/**
 * The picture's pixels, scaled down so that the longer side is at most `maxSide` (0: full size). Every
 * backend of a comparison gets exactly these pixels.
 */
export function picturePixels(picture: Picture, maxSide: number): ImageData {
  const { width, height } = fitWithin(picture.bitmap.width, picture.bitmap.height, maxSide);
  const context = context2d(width, height);
  context.imageSmoothingQuality = 'high';
  context.drawImage(picture.bitmap, 0, 0, width, height);
  return context.getImageData(0, 0, width, height);
}
