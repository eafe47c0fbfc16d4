import { describe, expect, it } from 'vitest';
import { MtcnnError } from './errors.js';
import { type DetectOptions, resolveDetectOptions } from './options.js';

const STAGES = ['pnet', 'rnet', 'onet'];

function expectInvalid(options: unknown, optionName: string): void {
  let error: unknown;
  try {
    resolveDetectOptions(STAGES, options as DetectOptions);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(MtcnnError);
  expect((error as MtcnnError).code).toBe('INVALID_OPTION');
  expect((error as MtcnnError).message).toContain(optionName);
}

describe('resolveDetectOptions', () => {
  it('returns the reference defaults', () => {
    expect(resolveDetectOptions(STAGES)).toEqual({
      minFaceSize: 20,
      scaleFactor: 0.709,
      thresholds: {},
      maxFaces: Number.POSITIVE_INFINITY,
      maxPixels: 100_000_000,
    });
    expect(resolveDetectOptions(STAGES, undefined, {})).toEqual(resolveDetectOptions(STAGES));
  });

  it('lets later layers win, field by field', () => {
    const r = resolveDetectOptions(STAGES, { minFaceSize: 40, scaleFactor: 0.5, maxFaces: 3 }, undefined, {
      minFaceSize: 30,
      thresholds: [0.5, 0.6, 0.9],
    });
    expect(r).toEqual({
      minFaceSize: 30,
      scaleFactor: 0.5,
      thresholds: { pnet: 0.5, rnet: 0.6, onet: 0.9 },
      maxFaces: 3,
      maxPixels: 100_000_000,
    });
  });

  it('accepts the boundary values', () => {
    const r = resolveDetectOptions(STAGES, {
      minFaceSize: 0.5,
      thresholds: [0, 1, 0.5],
      maxFaces: 1,
      maxPixels: 1,
    });
    expect(r.minFaceSize).toBe(0.5);
    expect(r.thresholds).toEqual({ pnet: 0, rnet: 1, onet: 0.5 });
    expect(r.maxFaces).toBe(1);
    expect(r.maxPixels).toBe(1);
    expect(resolveDetectOptions(STAGES, { maxFaces: Number.POSITIVE_INFINITY }).maxFaces).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(resolveDetectOptions(STAGES, { minFaceSize: 12.5 }).minFaceSize).toBe(12.5);
  });

  it('merges thresholds stage by stage, by position or by name, over the layers', () => {
    const r = resolveDetectOptions(STAGES, { thresholds: [0.1, 0.2, 0.3] }, { thresholds: { rnet: 0.9 } });
    expect(r.thresholds).toEqual({ pnet: 0.1, rnet: 0.9, onet: 0.3 });
    // A shorter cascade takes the standard triple's first entries.
    expect(resolveDetectOptions(['pnet'], { thresholds: [0.6, 0.7, 0.7] }).thresholds).toEqual({ pnet: 0.6 });
    expect(resolveDetectOptions(['a', 'b'], { thresholds: { b: 0.25 } }).thresholds).toEqual({ b: 0.25 });
  });

  it('rejects a bad minFaceSize', () => {
    expectInvalid({ minFaceSize: 0 }, 'minFaceSize');
    expectInvalid({ minFaceSize: -12 }, 'minFaceSize');
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
    expectInvalid({ thresholds: { pnet: 0.6, snet: 0.7 } }, 'unknown stage "snet"');
    expectInvalid({ thresholds: { onet: 2 } }, 'threshold');
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
    expect(resolveDetectOptions(STAGES, { minFaceSize: -5 }, { minFaceSize: 24 }).minFaceSize).toBe(24);
    expectInvalid({ ...resolveDetectOptions(STAGES), scaleFactor: 2 }, 'scaleFactor');
  });
});

describe('resolveDetectOptions with undefined values', () => {
  it('keeps the earlier layer when a later layer gives undefined', () => {
    expect(resolveDetectOptions(STAGES, { minFaceSize: 40 }, { minFaceSize: undefined }).minFaceSize).toBe(
      40,
    );
    expect(
      resolveDetectOptions(STAGES, { scaleFactor: 0.5 }, { scaleFactor: undefined, minFaceSize: 30 }),
    ).toMatchObject({
      scaleFactor: 0.5,
      minFaceSize: 30,
    });
  });
});

describe('resolveDetectOptions compat', () => {
  it("is absent by default and for 'mtcnn', so the default cascade's options are unchanged", () => {
    expect('compat' in resolveDetectOptions(STAGES)).toBe(false);
    expect('compat' in resolveDetectOptions(STAGES, { compat: 'facenet-pytorch' }, { compat: 'mtcnn' })).toBe(
      false,
    );
  });

  it("resolves 'facenet-pytorch', and a later undefined keeps it", () => {
    expect(resolveDetectOptions(STAGES, { compat: 'facenet-pytorch' }).compat).toBe('facenet-pytorch');
    expect(resolveDetectOptions(STAGES, { compat: 'facenet-pytorch' }, { compat: undefined }).compat).toBe(
      'facenet-pytorch',
    );
  });

  it('refuses other values with INVALID_OPTION naming the modes', () => {
    expect(() => resolveDetectOptions(STAGES, { compat: 'facenet' as never })).toThrowError(
      /compat must be one of mtcnn, facenet-pytorch/,
    );
  });
});
