import { describe, expect, it } from 'vitest';
import { MtcnnError } from './errors.js';
import { DEFAULT_MAX_PIXELS, type RawImage, rawToRgb, validateRawImage } from './image.js';

function expectError(image: unknown, code: string, messagePart: string, maxPixels?: number): void {
  let error: unknown;
  try {
    validateRawImage(image as RawImage, maxPixels);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(MtcnnError);
  expect((error as MtcnnError).code).toBe(code);
  expect((error as MtcnnError).message).toContain(messagePart);
}

const ok = (width: number, height: number, channels: 1 | 3 | 4): RawImage => ({
  data: new Uint8Array(width * height * channels),
  width,
  height,
  channels,
});

describe('validateRawImage', () => {
  it('accepts well-formed images with 1, 3 or 4 channels', () => {
    expect(() => validateRawImage(ok(3, 2, 1))).not.toThrow();
    expect(() => validateRawImage(ok(3, 2, 3))).not.toThrow();
    expect(() => validateRawImage(ok(3, 2, 4))).not.toThrow();
    expect(() =>
      validateRawImage({ data: new Uint8ClampedArray(12), width: 2, height: 2, channels: 3 }),
    ).not.toThrow();
  });

  it('rejects a non-object', () => {
    expectError(null, 'INVALID_IMAGE', 'image');
    expectError(42, 'INVALID_IMAGE', 'image');
    expectError(undefined, 'INVALID_IMAGE', 'image');
  });

  it('rejects non-integer, zero and negative sizes', () => {
    expectError({ ...ok(2, 2, 3), width: 2.5 }, 'INVALID_IMAGE', 'width and height');
    expectError({ ...ok(2, 2, 3), height: 1.5 }, 'INVALID_IMAGE', 'width and height');
    expectError({ data: new Uint8Array(0), width: 0, height: 2, channels: 3 }, 'INVALID_IMAGE', '0×2');
    expectError({ data: new Uint8Array(0), width: 2, height: 0, channels: 3 }, 'INVALID_IMAGE', '2×0');
    expectError({ data: new Uint8Array(6), width: -2, height: -1, channels: 3 }, 'INVALID_IMAGE', '-2×-1');
    expectError({ ...ok(2, 2, 3), width: Number.NaN }, 'INVALID_IMAGE', 'width and height');
    expectError({ ...ok(2, 2, 3), width: '2' }, 'INVALID_IMAGE', 'width and height');
  });

  it('rejects a wrong channel count', () => {
    expectError({ data: new Uint8Array(8), width: 2, height: 2, channels: 2 }, 'INVALID_IMAGE', 'got 2');
    expectError({ data: new Uint8Array(0), width: 2, height: 2, channels: 0 }, 'INVALID_IMAGE', 'channels');
  });

  it('rejects a data length that does not match the size', () => {
    // 2×2 RGB needs 12 bytes
    expectError({ data: new Uint8Array(11), width: 2, height: 2, channels: 3 }, 'INVALID_IMAGE', 'needs 12');
    expectError({ data: new Uint8Array(16), width: 2, height: 2, channels: 3 }, 'INVALID_IMAGE', '16 bytes');
  });

  it('rejects data that is not 8-bit', () => {
    expectError(
      { data: new Float32Array(12), width: 2, height: 2, channels: 3 },
      'INVALID_IMAGE',
      'Uint8Array',
    );
    expectError(
      { data: new Uint16Array(12), width: 2, height: 2, channels: 3 },
      'INVALID_IMAGE',
      'Uint8Array',
    );
    expectError(
      { data: new Array(12).fill(0), width: 2, height: 2, channels: 3 },
      'INVALID_IMAGE',
      'Uint8Array',
    );
    expectError({ width: 2, height: 2, channels: 3 }, 'INVALID_IMAGE', 'Uint8Array');
  });

  it('rejects images over maxPixels with IMAGE_TOO_LARGE', () => {
    // 4×3 = 12 pixels
    expect(() => validateRawImage(ok(4, 3, 3), 12)).not.toThrow();
    expectError(ok(4, 3, 3), 'IMAGE_TOO_LARGE', 'maxPixels', 11);
    expectError(ok(4, 3, 3), 'IMAGE_TOO_LARGE', '12 pixels', 11);
  });

  it('checks the pixel limit before looking at the data (no allocation needed to refuse a bomb)', () => {
    // 100 000 × 100 000 = 1e10 pixels > 1e8, with no data at all
    expect(DEFAULT_MAX_PIXELS).toBe(100_000_000);
    expectError(
      { data: new Uint8Array(0), width: 100_000, height: 100_000, channels: 3 },
      'IMAGE_TOO_LARGE',
      '10000000000',
    );
  });
});

describe('rawToRgb', () => {
  it('returns RGB data as it is, without a copy', () => {
    const image = { data: Uint8Array.of(1, 2, 3, 4, 5, 6), width: 2, height: 1, channels: 3 } as const;
    const rgb = rawToRgb(image);
    expect(rgb.data).toBe(image.data);
    expect(rgb.width).toBe(2);
    expect(rgb.height).toBe(1);
  });

  it('drops alpha from RGBA', () => {
    const rgb = rawToRgb({ data: Uint8Array.of(1, 2, 3, 255, 4, 5, 6, 0), width: 1, height: 2, channels: 4 });
    expect(Array.from(rgb.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rgb.width).toBe(1);
    expect(rgb.height).toBe(2);
  });

  it('expands gray to three equal channels', () => {
    const rgb = rawToRgb({ data: Uint8Array.of(0, 128, 255), width: 3, height: 1, channels: 1 });
    expect(Array.from(rgb.data)).toEqual([0, 0, 0, 128, 128, 128, 255, 255, 255]);
    expect(rgb.width).toBe(3);
    expect(rgb.height).toBe(1);
  });

  it('does not alias the source for 1 and 4 channels', () => {
    const gray = Uint8Array.of(7);
    const rgb = rawToRgb({ data: gray, width: 1, height: 1, channels: 1 });
    rgb.data[0] = 9;
    expect(gray[0]).toBe(7);
  });
});
