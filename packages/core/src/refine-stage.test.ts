import { describe, expect, it } from 'vitest';
import type { Session } from './backend.js';
import type { Candidates } from './candidates.js';
import { RUNS_PER_LANE } from './concurrent-runs.js';
import type { RgbImage } from './image.js';
import { resolveDetectOptions } from './options.js';
import { MIN_RUN_INPUT_VALUES, scoreCrops } from './refine-stage.js';
import { ScratchMemory } from './scratch.js';
import type { StageContext } from './stage.js';
import type { Tensor } from './tensor.js';

// 40 × 40 image whose red channel encodes the column, so that each crop's first value tells its box.
const width = 40;
const height = 40;
const data = new Uint8Array(width * height * 3);
for (let y = 0; y < height; y++)
  for (let x = 0; x < width; x++) data.set([6 * x, y, 50], 3 * (y * width + x));
const image: RgbImage = { data, width, height };

/** A model stand-in: probability and outputs derived from each crop's first (red) value. */
function fakeSession(calls: number[][]): Session {
  return {
    inputNames: ['input'],
    outputNames: ['prob', 'reg', 'landmarks'],
    async run(feeds: Readonly<Record<string, Tensor>>) {
      const { data: input, dims } = feeds.input!;
      calls.push([...dims]);
      const n = dims[0]!;
      const per = input.length / n;
      const prob = new Float32Array(2 * n);
      const reg = new Float32Array(4 * n);
      const landmarks = new Float32Array(10 * n);
      for (let i = 0; i < n; i++) {
        const v = (input[i * per]! + 1) / 2;
        prob.set([1 - v, v], 2 * i);
        reg.fill(v / 10, 4 * i, 4 * i + 4);
        landmarks.fill(v, 10 * i, 10 * i + 10);
      }
      return {
        prob: { data: prob, dims: [n, 2] },
        reg: { data: reg, dims: [n, 4] },
        landmarks: { data: landmarks, dims: [n, 10] },
      };
    },
    async dispose() {},
  };
}

const withLandmarks = { points: { name: 'landmarks', count: 5 } } as const;

function contextOf(session: Session): StageContext {
  const options = resolveDetectOptions(['test']);
  return { image, session, options, threshold: 0.3, scratch: new ScratchMemory().call(image) };
}

const count = 7;
const candidates: Candidates = {
  count,
  boxes: Float64Array.from(
    { length: 4 * count },
    (_, k) => [3 + 4 * (k >> 2), 2, 14 + 4 * (k >> 2), 13][k % 4]!,
  ),
  scores: new Float64Array(count).fill(0.9),
};

describe('scoreCrops', () => {
  it('gives the same result whatever the batch limit, in ceil(n / limit) calls', async () => {
    const results = [];
    for (const limit of [1, 2, 3, 7, 100]) {
      const calls: number[][] = [];
      const session = fakeSession(calls);
      results.push(await scoreCrops(contextOf(session), candidates, 24, withLandmarks, limit));
      expect(calls).toHaveLength(Math.ceil(count / limit));
      expect(calls.reduce((n, dims) => n + dims[0]!, 0)).toBe(count);
      for (const dims of calls) expect(dims.slice(1)).toEqual([3, 24, 24]);
    }
    // The threshold keeps some candidates and drops others.
    expect(results[0]!.count).toBeGreaterThan(0);
    expect(results[0]!.count).toBeLessThan(count);
    for (const r of results) expect(r).toEqual(results[0]);
  });

  it('keeps the passing boxes as they came, with their scores, offsets and landmarks', async () => {
    const scored = await scoreCrops(contextOf(fakeSession([])), candidates, 24, withLandmarks);
    for (let k = 0; k < scored.count; k++) {
      const box = Array.from(scored.boxes.subarray(4 * k, 4 * k + 4));
      const i = Array.from({ length: count }, (_, j) => j).find(
        (j) => candidates.boxes[4 * j] === box[0] && candidates.boxes[4 * j + 2] === box[2],
      );
      expect(i).toBeDefined();
      expect(scored.scores[k]).toBeGreaterThan(0.3);
      expect(scored.offsets[4 * k]).toBeCloseTo(scored.scores[k]! / 10, 6);
      expect(scored.points![10 * k]).toBeCloseTo(scored.scores[k]!, 6);
    }
  });

  it('splits the crops into runs per lane, a bounded number in flight, with the same result', async () => {
    // R-Net crops: the fewest per run when runs share lanes.
    const minCrops = MIN_RUN_INPUT_VALUES / (3 * 24 * 24);
    const n = 5 * minCrops + 3;
    const many: Candidates = {
      count: n,
      boxes: Float64Array.from({ length: 4 * n }, (_, k) => {
        const i = k >> 2;
        return [i % 30, i % 7, (i % 30) + 9, (i % 7) + 12][k % 4]!;
      }),
      scores: new Float64Array(n).fill(0.9),
    };
    const run = async (concurrency: number, batchLimit?: number) => {
      const calls: number[][] = [];
      const inner = fakeSession(calls);
      let inFlight = 0;
      let most = 0;
      const session: Session = {
        ...inner,
        concurrency,
        async run(feeds) {
          most = Math.max(most, ++inFlight);
          // Let the other runs of the wave start before this one answers.
          await new Promise((resolve) => setTimeout(resolve, 1));
          try {
            return await inner.run(feeds);
          } finally {
            inFlight--;
          }
        },
      };
      const scored = await scoreCrops(contextOf(session), many, 24, withLandmarks, batchLimit);
      return { scored, calls, most };
    };
    const one = await run(1);
    expect(one.calls).toHaveLength(1);
    const batchLimit = 2 * RUNS_PER_LANE;
    for (const [concurrency, limit, calls, most] of [
      // Never more runs than the fewest crops per run allow, however many lanes…
      [2, undefined, 5, 5],
      [64, undefined, 5, 5],
      // …nor fewer than the batch limit needs (split per lane: 2 crops a run here), and RUNS_PER_LANE per lane in
      // flight at most.
      [2, batchLimit, Math.ceil(n / 2), 2 * RUNS_PER_LANE],
    ] as const) {
      const split = await run(concurrency, limit);
      expect(split.calls, `concurrency ${concurrency}`).toHaveLength(calls);
      expect(split.calls.reduce((sum, dims) => sum + dims[0]!, 0)).toBe(n);
      expect(split.most).toBe(most);
      expect(split.scored).toEqual(one.scored);
    }
  });

  it.each([
    ['rejects', false],
    ['throws', true],
  ])(
    'fails with the first failing run (one that %s), once every run it started has settled',
    async (_, sync) => {
      const minCrops = MIN_RUN_INPUT_VALUES / (3 * 24 * 24);
      const n = 4 * minCrops;
      const candidates: Candidates = {
        count: n,
        boxes: Float64Array.from({ length: 4 * n }, (_, k) => [2, 3, 20, 21][k % 4]!),
        scores: new Float64Array(n).fill(0.9),
      };
      let started = 0;
      let inFlight = 0;
      const inner = fakeSession([]);
      const session: Session = {
        ...inner,
        concurrency: 2,
        run(feeds) {
          const call = started++;
          if (sync && call === 1) throw new Error('run 1 failed');
          return answer(call, feeds);
        },
      };
      async function answer(call: number, feeds: Readonly<Record<string, Tensor>>) {
        inFlight++;
        try {
          // The second run fails first; the others answer later.
          await new Promise((resolve) => setTimeout(resolve, call === 1 ? 1 : 10));
          if (call === 1) throw new Error('run 1 failed');
          return await inner.run(feeds);
        } finally {
          inFlight--;
        }
      }
      const failure = await scoreCrops(contextOf(session), candidates, 24).then(
        () => undefined,
        (error: unknown) => ({ error, inFlight }),
      );
      expect(failure).toBeDefined();
      expect((failure!.error as Error).message).toBe('run 1 failed');
      expect(failure!.inFlight).toBe(0);
      expect(started).toBe(4);
    },
  );
});
