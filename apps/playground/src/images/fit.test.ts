import { describe, expect, test } from 'vitest';
import { fitWithin, workingSizeLabel } from './fit.js';

describe('fitWithin', () => {
  test('scales the longer side down to the limit, keeping the aspect ratio', () => {
    expect(fitWithin(1920, 1280, 320)).toEqual({ width: 320, height: 213 });
    expect(fitWithin(1280, 1920, 480)).toEqual({ width: 320, height: 480 });
  });

  test('never scales up, and 0 means no limit', () => {
    expect(fitWithin(200, 100, 640)).toEqual({ width: 200, height: 100 });
    expect(fitWithin(4000, 3000, 0)).toEqual({ width: 4000, height: 3000 });
  });

  test('labels', () => {
    expect(workingSizeLabel(0)).toBe('Original');
    expect(workingSizeLabel(640)).toBe('640 px');
  });
});
