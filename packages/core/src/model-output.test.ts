import { describe, expect, it } from 'vitest';
import { MtcnnError } from './errors.js';
import { requireOutput } from './model-output.js';
import type { Tensor } from './tensor.js';

const tensor = (dims: number[]): Tensor => ({
  data: new Float32Array(dims.reduce((a, b) => a * b, 1)),
  dims,
});

function catchError(fn: () => unknown): MtcnnError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(MtcnnError);
    return e as MtcnnError;
  }
  throw new Error('expected an MtcnnError');
}

describe('requireOutput', () => {
  const outputs = { prob: tensor([1, 2, 5, 7]), reg: tensor([1, 4, 5, 7]) };

  it('returns the output when the shape matches exactly', () => {
    expect(requireOutput(outputs, 'prob', [1, 2, 5, 7])).toBe(outputs.prob);
  });

  it('treats -1 as a wildcard', () => {
    expect(requireOutput(outputs, 'reg', [1, 4, -1, -1])).toBe(outputs.reg);
    expect(requireOutput(outputs, 'reg', [-1, -1, -1, -1])).toBe(outputs.reg);
  });

  it('fails with INFERENCE_FAILED naming the missing output and those present', () => {
    const e = catchError(() => requireOutput(outputs, 'landmarks', [1, 10]));
    expect(e.code).toBe('INFERENCE_FAILED');
    expect(e.message).toContain("'landmarks'");
    expect(e.message).toContain('prob, reg');
  });

  it('says "none" when there are no outputs at all', () => {
    const e = catchError(() => requireOutput({}, 'prob', [1]));
    expect(e.code).toBe('INFERENCE_FAILED');
    expect(e.message).toContain('none');
  });

  it('fails with INFERENCE_FAILED naming both shapes on a wrong size', () => {
    const e = catchError(() => requireOutput(outputs, 'prob', [1, 2, 5, 8]));
    expect(e.code).toBe('INFERENCE_FAILED');
    expect(e.message).toContain("'prob'");
    expect(e.message).toContain('[1, 2, 5, 7]');
    expect(e.message).toContain('[1, 2, 5, 8]');
  });

  it('fails on a different rank even with wildcards', () => {
    const e = catchError(() => requireOutput(outputs, 'prob', [-1, -1, -1]));
    expect(e.code).toBe('INFERENCE_FAILED');
    expect(e.message).toContain('[-1, -1, -1]');
    expect(catchError(() => requireOutput(outputs, 'prob', [1, 2, 5, 7, 1])).code).toBe('INFERENCE_FAILED');
  });
});
