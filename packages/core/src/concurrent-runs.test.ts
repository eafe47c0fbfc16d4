import { describe, expect, it } from 'vitest';
import type { Session } from './backend.js';
import { plannedRuns, RUNS_PER_LANE, runConcurrently, type StageRun } from './concurrent-runs.js';
import type { RgbImage } from './image.js';
import { resolveDetectOptions } from './options.js';
import { ScratchMemory } from './scratch.js';
import type { StageContext } from './stage.js';

const image: RgbImage = { data: new Uint8Array(3 * 4 * 4), width: 4, height: 4 };

/** A session that sums its input after a delay, recording how many runs overlapped and what memory it got. */
function summingSession(settings: { concurrency?: number; inputMemory?: 'shared' }) {
  const seen = { most: 0, inFlight: 0, shared: 0, plain: 0 };
  const session: Session = {
    inputNames: ['x'],
    outputNames: ['sum'],
    ...settings,
    async run(feeds) {
      const { data } = feeds.x!;
      seen.most = Math.max(seen.most, ++seen.inFlight);
      if (data.buffer instanceof SharedArrayBuffer) seen.shared++;
      else seen.plain++;
      await new Promise((resolve) => setTimeout(resolve, 1));
      seen.inFlight--;
      return { sum: { data: Float32Array.of(data.reduce((a, b) => a + b, 0)), dims: [1] } };
    },
    async dispose() {},
  };
  return { session, seen };
}

function contextOf(session: Session): StageContext {
  return {
    image,
    session,
    options: resolveDetectOptions(['s']),
    threshold: 0.5,
    scratch: new ScratchMemory().call(image),
  };
}

function runsOf(count: number, sums: number[]): StageRun[] {
  return Array.from({ length: count }, (_, k) => ({
    dims: [1, k + 1],
    fill: (input: Float32Array) => input.fill(k),
    settle: (outputs) => {
      sums[k] = outputs.sum!.data[0]!;
    },
  }));
}

describe('runConcurrently', () => {
  it('plans RUNS_PER_LANE runs per lane where a session has several, else one', () => {
    expect(plannedRuns(summingSession({}).session)).toBe(1);
    expect(plannedRuns(summingSession({ concurrency: 3 }).session)).toBe(3 * RUNS_PER_LANE);
  });

  it('runs one at a time on one lane, and overlaps up to the window on several, with the same results', async () => {
    const expected = Array.from({ length: 20 }, (_, k) => k * (k + 1));
    for (const [concurrency, window, most] of [
      [1, undefined, 1],
      [2, undefined, 2 * RUNS_PER_LANE],
      [2, 5, 5],
    ] as const) {
      const { session, seen } = summingSession({ concurrency });
      const sums: number[] = [];
      await runConcurrently(contextOf(session), 'x', runsOf(20, sums), window);
      expect(sums).toEqual(expected);
      expect(seen.most, `concurrency ${concurrency}, window ${window}`).toBe(Math.min(most, 20));
    }
  });

  it('lends inputs in the memory the session takes without a copy, and takes them back', async () => {
    for (const inputMemory of ['shared', undefined] as const) {
      const { session, seen } = summingSession({ concurrency: 2, ...(inputMemory ? { inputMemory } : {}) });
      const context = contextOf(session);
      await runConcurrently(context, 'x', runsOf(4, []));
      expect(inputMemory === 'shared' ? seen.shared : seen.plain).toBe(4);
      // Given back: the next call's input reuses the same memory.
      const again = context.scratch.input(4, session);
      expect(again.buffer instanceof SharedArrayBuffer).toBe(inputMemory === 'shared');
    }
  });

  it('starts no run after a failure, and throws once every started run has settled', async () => {
    const { session, seen } = summingSession({ concurrency: 2 });
    let filled = 0;
    const runs: StageRun[] = Array.from({ length: 6 }, (_, k) => ({
      dims: [1, 1],
      fill: (input: Float32Array) => {
        filled++;
        if (k === 1) throw new Error('fill 1 failed');
        input.fill(k);
      },
      settle: () => {},
    }));
    const error = await runConcurrently(contextOf(session), 'x', runs, 2).catch((e: unknown) => e);
    expect((error as Error).message).toBe('fill 1 failed');
    expect(seen.inFlight).toBe(0);
    expect(filled).toBeLessThan(6);
  });

  it('runs an input the stage made beforehand (take), and takes it back after the run like its own', async () => {
    const { session } = summingSession({ concurrency: 2, inputMemory: 'shared' });
    const context = contextOf(session);
    const sums: number[] = [];
    const made: Float32Array[] = [];
    const runs: StageRun[] = Array.from({ length: 3 }, (_, k) => ({
      dims: [1, 2],
      take: () => {
        const input = context.scratch.input(2, session).fill(k + 1);
        made.push(input);
        return input;
      },
      settle: (outputs) => {
        sums[k] = outputs.sum!.data[0]!;
      },
    }));
    await runConcurrently(context, 'x', runs, 1);
    expect(sums).toEqual([2, 4, 6]);
    // One at a time, each given back before the next was made: the same memory every time.
    expect(made).toHaveLength(3);
    for (const input of made) expect(input.buffer).toBe(made[0]!.buffer);
  });
});
