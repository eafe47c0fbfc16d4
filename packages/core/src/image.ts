import { MtcnnError } from './errors.js';

/** Interleaved 8-bit RGB pixels, row-major: the form the cascade works on. */
export interface RgbImage {
  readonly data: Uint8Array | Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

/** Interleaved 8-bit pixels with 1 (gray), 3 (RGB) or 4 (RGBA) channels, row-major. */
export interface RawImage {
  readonly data: Uint8Array | Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3 | 4;
}

/**
 * Largest image accepted by default, in pixels (width × height): 100 megapixels. Larger inputs are
 * almost always decompression bombs or mistakes; raise it with the `maxPixels` option.
 */
export const DEFAULT_MAX_PIXELS = 100_000_000;

/** Checks that `image` is a well-formed raw pixel buffer and within the pixel limit. */
export function validateRawImage(image: RawImage, maxPixels = DEFAULT_MAX_PIXELS): void {
  if (image === null || typeof image !== 'object') {
    throw new MtcnnError('INVALID_IMAGE', 'image must be an object with data, width, height and channels');
  }
  const { data, width, height, channels } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new MtcnnError(
      'INVALID_IMAGE',
      `image width and height must be positive integers, got ${String(width)}×${String(height)}`,
    );
  }
  if (width * height > maxPixels) {
    throw new MtcnnError(
      'IMAGE_TOO_LARGE',
      `image is ${width}×${height} = ${width * height} pixels, over the limit of ${maxPixels} (option maxPixels)`,
    );
  }
  if (channels !== 1 && channels !== 3 && channels !== 4) {
    throw new MtcnnError('INVALID_IMAGE', `image must have 1, 3 or 4 channels, got ${String(channels)}`);
  }
  if (!(data instanceof Uint8Array || data instanceof Uint8ClampedArray)) {
    throw new MtcnnError('INVALID_IMAGE', 'image data must be a Uint8Array or Uint8ClampedArray');
  }
  const expected = width * height * channels;
  if (data.length !== expected) {
    throw new MtcnnError(
      'INVALID_IMAGE',
      `image data has ${data.length} bytes; ${width}×${height} with ${channels} channels needs ${expected}`,
    );
  }
}

/** Converts validated gray, RGB or RGBA pixels to RGB. RGB input is returned without a copy. */
export function rawToRgb(image: RawImage): RgbImage {
  const { data, width, height, channels } = image;
  if (channels === 3) return { data, width, height };
  const pixels = width * height;
  const rgb = new Uint8Array(pixels * 3);
  if (channels === 1) {
    for (let i = 0; i < pixels; i++) {
      const v = data[i]!;
      rgb[3 * i] = v;
      rgb[3 * i + 1] = v;
      rgb[3 * i + 2] = v;
    }
  } else {
    // Alpha is dropped, not composited: MTCNN sees the colour channels as they are stored.
    for (let i = 0; i < pixels; i++) {
      rgb[3 * i] = data[4 * i]!;
      rgb[3 * i + 1] = data[4 * i + 1]!;
      rgb[3 * i + 2] = data[4 * i + 2]!;
    }
  }
  return { data: rgb, width, height };
}
