import { describe, expect, it } from 'vitest';
import { isMtcnnError, MtcnnError } from './errors.js';

describe('MtcnnError', () => {
  it('is an Error with a name, code, message and optional cause', () => {
    const cause = new Error('inner');
    const e = new MtcnnError('MODEL_LOAD_FAILED', 'could not load', { cause });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('MtcnnError');
    expect(e.code).toBe('MODEL_LOAD_FAILED');
    expect(e.message).toBe('could not load');
    expect(e.cause).toBe(cause);
  });

  it('is recognised by isMtcnnError, optionally by code', () => {
    const e = new MtcnnError('INVALID_IMAGE', 'bad');
    expect(isMtcnnError(e)).toBe(true);
    expect(isMtcnnError(e, 'INVALID_IMAGE')).toBe(true);
    expect(isMtcnnError(e, 'INVALID_OPTION')).toBe(false);
    expect(isMtcnnError(new Error('bad'))).toBe(false);
    expect(isMtcnnError({ code: 'INVALID_IMAGE', name: 'MtcnnError' })).toBe(false);
    expect(isMtcnnError(undefined)).toBe(false);
  });
});
