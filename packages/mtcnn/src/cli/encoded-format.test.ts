import { readFile } from 'node:fs/promises';
import { samplePath } from '@mtcnn/fixtures';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { encodedFormat } from './encoded-format.js';

describe('encodedFormat', () => {
  it('reads the signature of JPEG, PNG and WebP; undefined for others and for junk', async () => {
    const jpeg = await readFile(samplePath('sample1.jpg'));
    expect(encodedFormat(jpeg)).toBe('jpeg');
    const pixels = sharp({ create: { width: 4, height: 4, channels: 3, background: '#808080' } });
    expect(encodedFormat(await pixels.clone().png().toBuffer())).toBe('png');
    expect(encodedFormat(await pixels.clone().webp().toBuffer())).toBe('webp');
    expect(encodedFormat(await pixels.clone().gif().toBuffer())).toBeUndefined();
    expect(encodedFormat(new TextEncoder().encode('not an image'))).toBeUndefined();
    expect(encodedFormat(new Uint8Array(0))).toBeUndefined();
  });
});
