import { MtcnnError } from '../errors.js';
import { DEFAULT_MAX_PIXELS, type RawImage } from '../image.js';
import { isMissingPackage, missingDependency } from '../missing-dependency.js';
import { type ReadBytesOptions, readImageBytes } from './read-image-bytes.js';

type SharpModule = typeof import('sharp').default;
let sharpModule: Promise<SharpModule> | undefined;

function loadSharp(): Promise<SharpModule> {
  sharpModule ??= import('sharp').then(
    (m) => m.default,
    (cause) => {
      sharpModule = undefined;
      if (isMissingPackage(cause, 'sharp')) {
        throw missingDependency(
          'sharp',
          'decoding image files and encoded bytes',
          'raw pixels { data, width, height, channels } work without it',
          cause,
        );
      }
      // Installed but broken (a native binding for another platform…): sharp's own message says how to fix it.
      throw new MtcnnError('INVALID_IMAGE', `sharp could not be loaded: ${(cause as Error).message}`, {
        cause,
      });
    },
  );
  return sharpModule;
}

/** Inputs the Node entry decodes: a file path, a file: or http(s): URL, or the bytes of an encoded image. */
export type EncodedImageInput = string | URL | Uint8Array | ArrayBuffer;

function describe(input: EncodedImageInput): string {
  if (typeof input === 'string') return input;
  if (input instanceof URL) return input.href;
  return `${input.byteLength}-byte buffer`;
}

/** Options of {@link decodeImageFile}. */
export interface DecodeImageOptions extends ReadBytesOptions {
  /** Largest image accepted, in pixels (default DEFAULT_MAX_PIXELS), checked from the header. */
  readonly maxPixels?: number;
  /** How messages name the input (default: the path, the URL, or `N-byte buffer`). */
  readonly name?: string;
}

/**
 * Decodes any image sharp reads (JPEG, PNG, WebP, GIF, TIFF, AVIF…) to RGB pixels: EXIF orientation
 * applied, alpha dropped, grayscale expanded, first frame of animations. A path or a `file:` URL is read, an
 * `http:`/`https:` URL fetched (see {@link readImageBytes}). The dimensions are checked against `maxPixels`
 * from the header, before the pixels are decoded, so a decompression bomb costs nothing.
 */
export async function decodeImageFile(
  input: EncodedImageInput,
  options: DecodeImageOptions = {},
): Promise<RawImage> {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const name = options.name ?? describe(input);
  const bytes =
    typeof input === 'string' || input instanceof URL
      ? await readImageBytes(input, options)
      : input instanceof ArrayBuffer
        ? new Uint8Array(input)
        : input;
  if (bytes.byteLength === 0) throw new MtcnnError('INVALID_IMAGE', `${name} is empty (0 bytes)`);

  const sharp = await loadSharp();
  let width: number | undefined;
  let height: number | undefined;
  try {
    // limitInputPixels: false so that our own check, with its clear error, decides.
    const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    width = meta.autoOrient?.width ?? meta.width;
    height = meta.autoOrient?.height ?? meta.height;
  } catch (cause) {
    throw new MtcnnError('INVALID_IMAGE', `${name} is not a decodable image: ${(cause as Error).message}`, {
      cause,
    });
  }
  if (!width || !height) throw new MtcnnError('INVALID_IMAGE', `${name} has no image dimensions`);
  if (width * height > maxPixels) {
    throw new MtcnnError(
      'IMAGE_TOO_LARGE',
      `${name} is ${width}×${height} = ${width * height} pixels, over the limit of ${maxPixels} (option maxPixels)`,
    );
  }
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error' })
      .autoOrient()
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    const channels = info.channels;
    if (channels !== 1 && channels !== 3 && channels !== 4) {
      throw new Error(`unexpected channel count ${channels}`);
    }
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      width: info.width,
      height: info.height,
      channels,
    };
  } catch (cause) {
    throw new MtcnnError('INVALID_IMAGE', `${name} could not be decoded: ${(cause as Error).message}`, {
      cause,
    });
  }
}

function isEncodedImageInput(value: unknown): value is EncodedImageInput {
  return (
    typeof value === 'string' ||
    value instanceof URL ||
    value instanceof ArrayBuffer ||
    // A bare byte array is encoded image bytes; raw pixels come as { data, width, height }.
    value instanceof Uint8Array
  );
}

/** The decoder the Node detector plugs into the core: paths, URLs and encoded bytes; anything else passes. */
export async function nodeImageDecoder(
  input: unknown,
  options: { maxPixels: number },
): Promise<RawImage | undefined> {
  return isEncodedImageInput(input) ? decodeImageFile(input, options) : undefined;
}
