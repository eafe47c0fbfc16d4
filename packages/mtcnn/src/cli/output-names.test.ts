import { describe, expect, it } from 'vitest';
import { outputStems } from './output-names.js';

describe('outputStems', () => {
  it('uses the base name without extension, and numbers repeats', () => {
    expect(outputStems(['a/x.jpg', 'b/x.jpg', 'c/y.png', 'x.png', 'X.webp'])).toEqual([
      'x',
      'x-2',
      'y',
      'x-3',
      'X-4',
    ]);
  });

  it('never hands out a stem twice, even against names that look numbered', () => {
    expect(outputStems(['x-2.jpg', 'x.jpg', 'y/x.jpg'])).toEqual(['x-2', 'x', 'x-3']);
  });

  it('names URLs by their path and stdin as stdin', () => {
    expect(
      outputStems([
        'https://example.com/photos/x%20y.jpg?size=2',
        'http://example.com/',
        '-',
        'file:///a/z.png',
      ]),
    ).toEqual(['x y', 'image', 'stdin', 'z']);
  });
});
