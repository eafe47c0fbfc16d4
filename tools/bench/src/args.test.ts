import { describe, expect, it } from 'vitest';
import { DEFAULT_WARM_MS, DEFAULT_WARM_RUNS, parseArgs, QUICK_WARM_MS } from './args.js';

describe('parseArgs', () => {
  it('discards runs for a while by default, not in a quick run, and takes both limits', () => {
    expect(parseArgs([])).toMatchObject({ warmRuns: DEFAULT_WARM_RUNS, warmMs: DEFAULT_WARM_MS });
    expect(parseArgs(['--quick']).warmMs).toBe(QUICK_WARM_MS);
    expect(parseArgs(['--', '--warm', '0', '--warm-ms', '500'])).toMatchObject({ warmRuns: 0, warmMs: 500 });
  });

  it('refuses a warm-up that is not a whole number', () => {
    for (const bad of [['--warm', '-1'], ['--warm', '1.5'], ['--warm-ms', 'x'], ['--warm-ms']]) {
      expect(() => parseArgs(bad), bad.join(' ')).toThrow(/--warm/);
    }
  });

  it('measures recognition unless told not to', () => {
    expect(parseArgs([]).recognition).toBe(true);
    expect(parseArgs(['--quick']).recognition).toBe(true);
    expect(parseArgs(['--no-recognition']).recognition).toBe(false);
  });
});
