import { describe, expect, it } from 'vitest';
import { positionMedians } from './position-medians.js';

describe('positionMedians', () => {
  it('takes the median of each position across runs', () => {
    expect(
      positionMedians([
        [100, 40, 30],
        [140, 60, 32],
        [120, 50, 34],
      ]),
    ).toEqual([120, 50, 32]);
  });

  it('counts only the runs that reached a position', () => {
    expect(positionMedians([[10, 20], [30]])).toEqual([20, 20]);
  });

  it('is empty for no runs', () => {
    expect(positionMedians([])).toEqual([]);
  });
});
