import { describe, expect, it } from 'vitest';
import { minFaceWarning } from './size-warning.js';

describe('minFaceWarning', () => {
  it('warns when the shorter side is under --min-face, naming the size and the option', () => {
    expect(minFaceWarning(1920, 1280, 5000)).toBe(
      'the image (1920×1280) is smaller than --min-face 5000: no face can be found',
    );
    expect(minFaceWarning(1920, 1280, 1281)).toBeDefined();
    expect(minFaceWarning(1, 1, undefined)).toBe(
      'the image (1×1) is smaller than --min-face 20 (the default): no face can be found',
    );
  });

  it('is silent when the pyramid has a level: the shorter side at least --min-face', () => {
    expect(minFaceWarning(1920, 1280, 1280)).toBeUndefined();
    expect(minFaceWarning(20, 300, undefined)).toBeUndefined();
    expect(minFaceWarning(300, 19, undefined)).toBeDefined();
  });
});
