import { describe, expect, it } from 'vitest';
import { withFlagNames } from './flag-names.js';

describe('withFlagNames', () => {
  it('names options by their flags', () => {
    expect(withFlagNames('a.jpg is 10×10 = 100 pixels, over the limit of 50 (option maxPixels)')).toBe(
      'a.jpg is 10×10 = 100 pixels, over the limit of 50 (option --max-pixels)',
    );
    expect(withFlagNames('minFaceSize must be a number ≥ 12 (P-Net’s window), got 5')).toBe(
      '--min-face must be a number ≥ 12 (P-Net’s window), got 5',
    );
    expect(withFlagNames('stdin is over the limit of 5 bytes (option maxBytes)')).toBe(
      'stdin is over the limit of 5 bytes (the limit on downloads and stdin)',
    );
  });

  it('leaves other words alone', () => {
    expect(withFlagNames('each threshold must be a number in [0, 1]')).toBe(
      'each threshold must be a number in [0, 1]',
    );
    expect(withFlagNames('maxPixelsFolder/a.jpg is empty (option other)')).toBe(
      'maxPixelsFolder/a.jpg is empty (option other)',
    );
  });
});
