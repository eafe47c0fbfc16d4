// The rules of @mtcnn/fixtures/environment, which decide whether the suites here may skip.
import { allBackendsRequired, skipForEnvironment } from '@mtcnn/fixtures/environment';
import { afterEach, describe, expect, it } from 'vitest';

const saved = { CI: process.env.CI, MTCNN_REQUIRE_ALL_BACKENDS: process.env.MTCNN_REQUIRE_ALL_BACKENDS };
afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('allBackendsRequired', () => {
  it('is required under CI=true or MTCNN_REQUIRE_ALL_BACKENDS=1; MTCNN_REQUIRE_ALL_BACKENDS=0 overrides CI', () => {
    expect(allBackendsRequired({})).toBe(false);
    expect(allBackendsRequired({ CI: 'true' })).toBe(true);
    expect(allBackendsRequired({ CI: 'false' })).toBe(false);
    expect(allBackendsRequired({ MTCNN_REQUIRE_ALL_BACKENDS: '1' })).toBe(true);
    expect(allBackendsRequired({ CI: 'true', MTCNN_REQUIRE_ALL_BACKENDS: '0' })).toBe(false);
  });
});

describe('skipForEnvironment', () => {
  it('skips with what was missing and why, or throws that where every backend is required', () => {
    const notes: (string | undefined)[] = [];
    const context = { skip: (note?: string) => void notes.push(note) };
    process.env.MTCNN_REQUIRE_ALL_BACKENDS = '0';
    skipForEnvironment(context, 'WebGPU in Chromium', 'no adapter');
    expect(notes).toEqual(['WebGPU in Chromium: no adapter']);
    process.env.MTCNN_REQUIRE_ALL_BACKENDS = '1';
    expect(() => skipForEnvironment(context, 'WebGPU in Chromium', 'no adapter')).toThrow(
      /^WebGPU in Chromium did not run: no adapter; skipping is not allowed here/,
    );
    expect(notes).toHaveLength(1);
  });
});
