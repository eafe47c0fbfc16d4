import { MtcnnError } from './errors.js';
import type { RawImage } from './image.js';

/** Image sources a browser can hand us. Only referenced by type here, so Node never needs the DOM. */
export type BrowserImageSource =
  | ImageData
  | HTMLImageElement
  | HTMLCanvasElement
  | OffscreenCanvas
  | ImageBitmap
  | HTMLVideoElement
  | VideoFrame;

function isInstance(value: unknown, name: string): boolean {
  const ctor = (globalThis as Record<string, unknown>)[name];
  return typeof ctor === 'function' && value instanceof (ctor as abstract new (...args: never[]) => unknown);
}

const DRAWABLE_TYPES = [
  'HTMLImageElement',
  'HTMLCanvasElement',
  'OffscreenCanvas',
  'ImageBitmap',
  'HTMLVideoElement',
  'VideoFrame',
];

/** True for ImageData and the DOM sources that can be drawn to a canvas. False everywhere in Node. */
export function isBrowserImageSource(value: unknown): value is BrowserImageSource {
  return isInstance(value, 'ImageData') || DRAWABLE_TYPES.some((name) => isInstance(value, name));
}

function sourceSize(source: Exclude<BrowserImageSource, ImageData>): { width: number; height: number } {
  if (isInstance(source, 'HTMLImageElement')) {
    const img = source as HTMLImageElement;
    return { width: img.naturalWidth, height: img.naturalHeight };
  }
  if (isInstance(source, 'HTMLVideoElement')) {
    const video = source as HTMLVideoElement;
    return { width: video.videoWidth, height: video.videoHeight };
  }
  if (isInstance(source, 'VideoFrame')) {
    const frame = source as VideoFrame;
    return { width: frame.displayWidth, height: frame.displayHeight };
  }
  const sized = source as { width: number; height: number };
  return { width: sized.width, height: sized.height };
}

/** Reads the RGBA pixels of a browser image source by drawing it onto a 2D canvas. */
export async function browserSourceToRaw(source: BrowserImageSource): Promise<RawImage> {
  if (isInstance(source, 'ImageData')) {
    const data = source as ImageData;
    return { data: data.data, width: data.width, height: data.height, channels: 4 };
  }
  const drawable = source as Exclude<BrowserImageSource, ImageData>;
  if (isInstance(drawable, 'HTMLImageElement') && !(drawable as HTMLImageElement).complete) {
    await (drawable as HTMLImageElement).decode();
  }
  const { width, height } = sourceSize(drawable);
  if (!width || !height) {
    throw new MtcnnError(
      'INVALID_IMAGE',
      'image source has no pixels yet (image not loaded, video without a frame, or a zero-sized canvas)',
    );
  }
  const canvas =
    typeof OffscreenCanvas === 'function'
      ? new OffscreenCanvas(width, height)
      : Object.assign(document.createElement('canvas'), { width, height });
  const context = canvas.getContext('2d', { willReadFrequently: true }) as
    | CanvasRenderingContext2D
    | OffscreenCanvasRenderingContext2D
    | null;
  if (!context) throw new MtcnnError('INVALID_IMAGE', 'could not create a 2D canvas to read the image');
  context.drawImage(drawable as CanvasImageSource, 0, 0, width, height);
  const { data } = context.getImageData(0, 0, width, height);
  return { data, width, height, channels: 4 };
}
