import { isMtcnnError } from '@mtcnn/core';
import { resolveDetectOptions } from '@mtcnn/core/stage-kit';
import { describe, expect, it } from 'vitest';
import { PNET_CELL_SIZE, pnet } from './index.js';

describe('pnet()', () => {
  it('is the proposal stage named pnet, with the reference threshold, renameable', () => {
    const stage = pnet();
    expect({ name: stage.name, kind: stage.kind, threshold: stage.threshold }).toEqual({
      name: 'pnet',
      kind: 'proposal',
      threshold: 0.6,
    });
    expect(pnet({ name: 'p2', threshold: 0.5 })).toMatchObject({ name: 'p2', threshold: 0.5 });
  });

  it("refuses a smallest face below P-Net's 12 px window, naming it", () => {
    const check = (minFaceSize: number) =>
      pnet().checkOptions!(resolveDetectOptions(['pnet'], { minFaceSize }));
    expect(() => check(PNET_CELL_SIZE)).not.toThrow();
    for (const size of [11, 11.99, 1]) {
      let error: unknown;
      try {
        check(size);
      } catch (e) {
        error = e;
      }
      expect(isMtcnnError(error, 'INVALID_OPTION')).toBe(true);
      expect((error as Error).message).toMatch(/minFaceSize must be a number ≥ 12 \(P-Net's window\)/);
    }
  });
});
