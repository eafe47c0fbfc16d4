// The model input from a crop, for both channel orders and per-channel means (dlib's convention: RGB, a mean per
// channel, 1/256), and mirrored for flip fusion.
import { ARCFACE_TEMPLATE_112, type EmbedderDescriptor } from '@mtcnn/core';
import { describe, expect, it } from 'vitest';
import { checkDescriptor } from './descriptor.js';
import { checkCrop, fillInput, inputPlan } from './preprocess.js';

const base: EmbedderDescriptor = {
  id: 'test',
  inputSize: 2,
  mean: 127.5,
  scale: 1 / 128,
  channels: 'rgb',
  layout: 'nchw',
  template: { ...ARCFACE_TEMPLATE_112, width: 2, height: 2 },
  embeddingSize: 4,
  metric: 'cosine',
  threshold: 0.5,
  inputName: 'input',
  outputName: 'output',
};
// 2 × 2 pixels: (R, G, B) = (10k, 10k + 1, 10k + 2) for pixel k.
const crop = { data: new Uint8Array([0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32]), width: 2, height: 2 };

describe('fillInput', () => {
  it('writes NCHW planes, (x − mean) × scale', () => {
    const out = new Float32Array(12);
    fillInput(crop, inputPlan(base), false, out, 0);
    expect(Array.from(out.subarray(0, 4), (x) => x * 128 + 127.5)).toEqual([0, 10, 20, 30]);
    expect(Array.from(out.subarray(4, 8), (x) => x * 128 + 127.5)).toEqual([1, 11, 21, 31]);
  });

  it('reads BGR with the per-channel mean following its channel, and writes item k of a batch', () => {
    const dlibLike = { ...base, channels: 'bgr' as const, mean: [100, 50, 25] as const, scale: 1 / 256 };
    const out = new Float32Array(24);
    fillInput(crop, inputPlan(dlibLike), false, out, 1);
    expect(Array.from(out.subarray(0, 12))).toEqual(new Array(12).fill(0));
    // Plane 0 is blue, less the blue mean (25).
    expect(Array.from(out.subarray(12, 16), (x) => x * 256)).toEqual([2 - 25, 12 - 25, 22 - 25, 32 - 25]);
    expect(Array.from(out.subarray(20, 24), (x) => x * 256)).toEqual([0 - 100, 10 - 100, 20 - 100, 30 - 100]);
  });

  it('mirrors left-right for flip fusion', () => {
    const out = new Float32Array(12);
    fillInput(crop, inputPlan(base), true, out, 0);
    expect(Array.from(out.subarray(0, 4), (x) => x * 128 + 127.5)).toEqual([10, 0, 30, 20]);
  });
});

describe('checkCrop and checkDescriptor', () => {
  it('names what is wrong', () => {
    expect(() => checkCrop({ data: new Uint8Array(12), width: 2, height: 2 }, 2, 'crop 0')).not.toThrow();
    expect(() => checkCrop({ data: new Uint8Array(12), width: 3, height: 1 }, 2, 'crop 3')).toThrow(
      /crop 3 must be an aligned RGB crop of 2×2/,
    );
    expect(checkDescriptor({ ...base, mean: [1, 2, 3] }).mean).toEqual([1, 2, 3]);
    expect(() => checkDescriptor({ ...base, scale: 0 })).toThrow(/scale/);
    expect(() => checkDescriptor({ ...base, layout: 'nhwc' as never })).toThrow(/layout/);
    expect(() => checkDescriptor({ ...base, id: '' })).toThrow(/id must be/);
    expect(() => checkDescriptor({ ...base, metric: 'euclidean', threshold: 0.6 })).not.toThrow();
    expect(() => checkDescriptor({ ...base, metric: 'euclidean', threshold: -1 })).toThrow(/\[0, 2\]/);
  });
});
