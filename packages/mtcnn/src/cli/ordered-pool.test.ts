import { describe, expect, it } from 'vitest';
import { runOrdered } from './ordered-pool.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('runOrdered', () => {
  it('keeps at most `concurrency` in flight, reports completions as they come and results in order', async () => {
    const delays = [30, 5, 20, 1, 10, 2];
    let inFlight = 0;
    let peak = 0;
    const finished: number[] = [];
    const ordered: number[] = [];
    await runOrdered(
      delays.length,
      2,
      async (i) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await sleep(delays[i]!);
        inFlight--;
        return i * 10;
      },
      (_, i) => finished.push(i),
      (result, i) => {
        expect(result).toBe(i * 10);
        ordered.push(i);
      },
    );
    expect(peak).toBe(2);
    expect(ordered).toEqual([0, 1, 2, 3, 4, 5]);
    // Input 1 (5 ms) finishes before input 0 (30 ms), yet is reported in order after it.
    expect(finished[0]).toBe(1);
    expect([...finished].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('does nothing for no work', async () => {
    let called = false;
    await runOrdered(
      0,
      4,
      async () => {
        called = true;
      },
      () => undefined,
      () => undefined,
    );
    expect(called).toBe(false);
  });
});
