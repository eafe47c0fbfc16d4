import { describe, expect, it } from 'vitest';
import { decodeConformanceData, encodeConformanceData } from './codec.js';

describe('conformance data codec', () => {
  it('round-trips nested data with typed arrays of every kind, keeping float32 views aligned', () => {
    const value = {
      name: 'ref',
      runs: [{ feeds: { input: { data: new Float32Array([1.5, -2, Math.PI]), dims: [1, 3] } } }],
      image: { data: new Uint8Array([1, 2, 3, 4, 5]), width: 5, height: 1, channels: 1 },
      clamped: new Uint8ClampedArray([255, 0, 7]),
      after: new Float32Array([Number.NaN, Number.POSITIVE_INFINITY, 1e-30]),
      nothing: null,
    };
    const bytes = encodeConformanceData(value);
    // Copy into a fresh buffer at offset 0, as a fetch would deliver it.
    const decoded = decodeConformanceData<typeof value>(new Uint8Array(bytes));
    expect(decoded.runs[0]!.feeds.input.data).toBeInstanceOf(Float32Array);
    expect(decoded.runs[0]!.feeds.input.data.byteOffset % 4).toBe(0);
    expect(decoded.after.byteOffset % 4).toBe(0);
    expect(decoded.clamped).toBeInstanceOf(Uint8ClampedArray);
    expect(decoded).toEqual(value);
  });
});
