import { describe, expect, it } from 'vitest';
import { normalizePixel, PIXEL_MEAN, PIXEL_SCALE } from './normalize.js';

describe('normalizePixel', () => {
  it('is (x - 127.5) × 0.0078125', () => {
    expect(PIXEL_MEAN).toBe(127.5);
    expect(PIXEL_SCALE).toBe(1 / 128);
    expect(normalizePixel(0)).toBe(-0.99609375);
    expect(normalizePixel(255)).toBe(0.99609375);
    expect(normalizePixel(127.5)).toBe(0);
    expect(normalizePixel(128)).toBe(0.00390625);
    expect(normalizePixel(100)).toBe(-0.21484375);
  });
});
