import { describe, expect, test } from 'vitest';
import { timingParts } from './timing-parts.js';

const stage = (ms: number, candidatesIn: number, candidatesOut: number) => ({
  ms,
  candidatesIn,
  candidatesOut,
});

describe('timingParts', () => {
  test('splits the worker time into reading, stages and the rest of the cascade', () => {
    const parts = timingParts({
      workerMs: 110,
      detection: {
        width: 10,
        height: 10,
        faces: [],
        timing: {
          totalMs: 100,
          stages: { pnet: stage(60, 0, 50), rnet: stage(25, 50, 5), onet: stage(10, 5, 1) },
        },
      },
    });
    expect(parts).toEqual({ pre: 10, pnet: 60, rnet: 25, onet: 10, post: 5, total: 110 });
  });

  test('leaves out stages that did not run', () => {
    const parts = timingParts({
      workerMs: 20,
      detection: {
        width: 10,
        height: 10,
        faces: [],
        timing: { totalMs: 18, stages: { pnet: stage(17, 0, 0) } },
      },
    });
    expect(parts).toEqual({ pre: 2, pnet: 17, post: 1, total: 20 });
    expect('rnet' in parts).toBe(false);
  });
});
