import { describe, expect, it } from 'vitest';
import { MtcnnError } from './errors.js';
import { DEFAULT_THRESHOLDS, type DetectOptions, resolveDetectOptions } from './options.js';

function expectInvalid(options: unknown, optionName: string): void {
  let error: unknown;
  try {
    resolveDetectOptions(options as DetectOptions);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(MtcnnError);
  expect((error as MtcnnError).code).toBe('INVALID_OPTION');
  expect((error as MtcnnError).message).toContain(optionName);
}

describe('resolveDetectOptions', () => {
  it('returns the reference defaults', () => {
    expect(resolveDetectOptions()).toEqual({
      minFaceSize: 20,
      scaleFactor: 0.709,
      thresholds: [0.6, 0.7, 0.7],
      maxFaces: Number.POSITIVE_INFINITY,
      maxPixels: 100_000_000,
    });
    expect(resolveDetectOptions(undefined, {})).toEqual(resolveDetectOptions());
  });

  it('lets later layers win, field by field', () => {
    const r = resolveDetectOptions({ minFaceSize: 40, scaleFactor: 0.5, maxFaces: 3 }, undefined, {
      minFaceSize: 30,
      thresholds: [0.5, 0.6, 0.9],
    });
    expect(r).toEqual({
      minFaceSize: 30,
      scaleFactor: 0.5,
      thresholds: [0.5, 0.6, 0.9],
      maxFaces: 3,
      maxPixels: 100_000_000,
    });
  });

  it('accepts the boundary values', () => {
    const r = resolveDetectOptions({ minFaceSize: 12, thresholds: [0, 1, 0.5], maxFaces: 1, maxPixels: 1 });
    expect(r.minFaceSize).toBe(12);
    expect(r.thresholds).toEqual([0, 1, 0.5]);
    expect(r.maxFaces).toBe(1);
    expect(r.maxPixels).toBe(1);
    expect(resolveDetectOptions({ maxFaces: Number.POSITIVE_INFINITY }).maxFaces).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(resolveDetectOptions({ minFaceSize: 12.5 }).minFaceSize).toBe(12.5);
  });

  it('copies the thresholds instead of sharing them', () => {
    const thresholds: [number, number, number] = [0.1, 0.2, 0.3];
    const r = resolveDetectOptions({ thresholds });
    expect(r.thresholds).not.toBe(thresholds);
    expect(resolveDetectOptions().thresholds).not.toBe(DEFAULT_THRESHOLDS);
  });

  it('rejects a bad minFaceSize', () => {
    expectInvalid({ minFaceSize: 11 }, 'minFaceSize');
    expectInvalid({ minFaceSize: 11.99 }, 'minFaceSize');
    expectInvalid({ minFaceSize: Number.NaN }, 'minFaceSize');
    expectInvalid({ minFaceSize: Number.POSITIVE_INFINITY }, 'minFaceSize');
    expectInvalid({ minFaceSize: '20' }, 'minFaceSize');
    expectInvalid({ minFaceSize: null }, 'minFaceSize');
  });

  it('rejects a bad scaleFactor', () => {
    expectInvalid({ scaleFactor: 0 }, 'scaleFactor');
    expectInvalid({ scaleFactor: 1 }, 'scaleFactor');
    expectInvalid({ scaleFactor: 1.2 }, 'scaleFactor');
    expectInvalid({ scaleFactor: -0.5 }, 'scaleFactor');
    expectInvalid({ scaleFactor: Number.NaN }, 'scaleFactor');
    expectInvalid({ scaleFactor: '0.7' }, 'scaleFactor');
  });

  it('rejects bad thresholds', () => {
    expectInvalid({ thresholds: [0.6, 0.7] }, 'threshold');
    expectInvalid({ thresholds: [0.6, 0.7, 0.7, 0.7] }, 'threshold');
    expectInvalid({ thresholds: [-0.1, 0.7, 0.7] }, 'threshold');
    expectInvalid({ thresholds: [0.6, 1.5, 0.7] }, 'threshold');
    expectInvalid({ thresholds: [0.6, 0.7, Number.NaN] }, 'threshold');
    expectInvalid({ thresholds: [0.6, '0.7', 0.7] }, 'threshold');
    expectInvalid({ thresholds: 0.7 }, 'threshold');
  });

  it('rejects a bad maxFaces', () => {
    expectInvalid({ maxFaces: 0 }, 'maxFaces');
    expectInvalid({ maxFaces: -1 }, 'maxFaces');
    expectInvalid({ maxFaces: 1.5 }, 'maxFaces');
    expectInvalid({ maxFaces: Number.NaN }, 'maxFaces');
  });

  it('rejects a bad maxPixels', () => {
    expectInvalid({ maxPixels: 0 }, 'maxPixels');
    expectInvalid({ maxPixels: -5 }, 'maxPixels');
    expectInvalid({ maxPixels: 1.5 }, 'maxPixels');
    expectInvalid({ maxPixels: Number.NaN }, 'maxPixels');
  });

  it('validates the merged result, so a later valid layer fixes an earlier invalid one', () => {
    expect(resolveDetectOptions({ minFaceSize: 5 }, { minFaceSize: 24 }).minFaceSize).toBe(24);
    expectInvalid({ ...resolveDetectOptions(), scaleFactor: 2 }, 'scaleFactor');
  });
});

describe('resolveDetectOptions with undefined values', () => {
  it('keeps the earlier layer when a later layer gives undefined', () => {
    expect(resolveDetectOptions({ minFaceSize: 40 }, { minFaceSize: undefined }).minFaceSize).toBe(40);
    expect(
      resolveDetectOptions({ scaleFactor: 0.5 }, { scaleFactor: undefined, minFaceSize: 30 }),
    ).toMatchObject({
      scaleFactor: 0.5,
      minFaceSize: 30,
    });
  });
});
