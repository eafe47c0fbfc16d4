// The lanes racing for runs on the real runtime and model: three worker lanes and the calling thread (more
// threads than this machine may have cores, which only makes the race harder). Worker threads run built
// JavaScript, so this test imports dist/: the test task builds first.
import { fileURLToPath } from 'node:url';
import type { Session } from '@mtcnn/core';
import type { Tensor } from '@mtcnn/core/backend-kit';
import { PNET_MODEL } from '@mtcnn/pnet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lanes, type LoadedModel } from '../../dist/node/lanes.js';
import { onnxNodeBackend } from '../../dist/node.js';

const WORKERS = 3;

/** Deterministic non-trivial input values in [-1, 1), in ordinary or shared memory. */
function input(dims: readonly number[], seed: number, memory: 'private' | 'shared' = 'private'): Tensor {
  const length = dims.reduce((a, b) => a * b, 1);
  const data =
    memory === 'shared' ? new Float32Array(new SharedArrayBuffer(length * 4)) : new Float32Array(length);
  for (let i = 0; i < length; i++) data[i] = Math.sin(seed + i * 0.37) * 0.99;
  return { data, dims: [...dims] };
}

/** P-Net inputs of several sizes, so that the runs take unequal times. */
function feedsOf(count: number, seed: number, memory: 'private' | 'shared' = 'private') {
  return Array.from({ length: count }, (_, k) => ({
    input: input([1, 3, 24 + (k % 5) * 16, 30 + (k % 3) * 12], seed + k, memory),
  }));
}

/** The feeds in ordinary memory: onnxruntime-node, run directly, refuses shared memory. */
function privately(feeds: { input: Tensor }): { input: Tensor } {
  return { input: { data: new Float32Array(feeds.input.data), dims: feeds.input.dims } };
}

let reference: Session;
let lanes: Lanes;
let model: LoadedModel;

beforeAll(async () => {
  // The model form the lanes load below, run in this thread only.
  reference = await onnxNodeBackend({ workerThreads: 0, modelForms: [] }).createSession(PNET_MODEL);
  lanes = new Lanes(WORKERS, 'onnx-node:cpu');
  model = await lanes.load(fileURLToPath(PNET_MODEL.portable as URL), { intraOpNumThreads: 1 });
});

afterAll(async () => {
  await lanes?.terminate();
  await reference?.dispose();
});

async function expectReferenceOutputs(
  feeds: readonly { input: Tensor }[],
  results: readonly Record<string, Tensor>[],
) {
  for (const [k, f] of feeds.entries()) {
    const expected = await reference.run(privately(f));
    for (const name of ['prob', 'reg']) {
      expect(results[k]![name]!.dims, `${name} of run ${k}`).toEqual(expected[name]!.dims);
      expect(results[k]![name]!.data, `${name} of run ${k}`).toEqual(expected[name]!.data);
    }
  }
}

/** Waits until every worker lane has answered every offer (the runs it lost too). */
async function allAnswered(of: Lanes): Promise<void> {
  while (of.workers.some((w) => !w.stopped && w.waiting > 0)) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

describe('Lanes', () => {
  it('runs every run exactly once, on whichever lane claims it first, every lane taking some', async () => {
    const before = lanes.runsPerLane;
    let total = 0;
    // Rounds until every lane has won some runs (the first round almost always suffices).
    for (let round = 0; round < 10; round++) {
      const feeds = feedsOf(40, round * 100, round % 2 ? 'shared' : 'private');
      const results = await Promise.all(feeds.map((f) => lanes.run(model.session, f)));
      await allAnswered(lanes);
      total += feeds.length;
      // Each run ran on exactly one lane: any second run would be counted when its reply came in.
      expect(sum(lanes.runsPerLane) - sum(before)).toBe(total);
      await expectReferenceOutputs(feeds, results);
      if (lanes.runsPerLane.every((n, lane) => n > before[lane]!)) break;
    }
    const taken = lanes.runsPerLane.map((n, lane) => n - before[lane]!);
    expect(taken).toHaveLength(WORKERS + 1);
    for (const [lane, n] of taken.entries()) expect(n, `runs of lane ${lane} in ${taken}`).toBeGreaterThan(0);
  });

  it('takes inputs in shared and in private memory, and leaves both as they were', async () => {
    const shared = feedsOf(12, 7, 'shared');
    const own = feedsOf(12, 7, 'private');
    const results = await Promise.all([...shared, ...own].map((f) => lanes.run(model.session, f)));
    await expectReferenceOutputs([...shared, ...own], results);
    for (const [k, f] of feedsOf(12, 7).entries()) {
      expect(shared[k]!.input.data).toEqual(f.input.data);
      expect(own[k]!.input.data).toEqual(f.input.data);
    }
  });

  it('a worker lane stopped mid-way leaves the runs it has not claimed to the other lanes', async () => {
    const stopping = new Lanes(WORKERS, 'onnx-node:cpu');
    try {
      const loaded = await stopping.load(fileURLToPath(PNET_MODEL.portable as URL), { intraOpNumThreads: 1 });
      const feeds = feedsOf(40, 500);
      const settled = feeds.map((f) =>
        stopping.run(loaded.session, f).then(
          (outputs) => ({ outputs }),
          (error: unknown) => ({ error }),
        ),
      );
      // Once runs are under way, lane 1 stops with every run of the batch offered to it.
      await Promise.race(settled);
      const stopped = stopping.workers[0]!;
      await stopped.terminate();
      const outcomes = await Promise.all(settled);
      // It finishes the run in hand; every run completes, bit for bit.
      expect(outcomes.filter((o) => 'error' in o)).toEqual([]);
      await expectReferenceOutputs(
        feeds,
        outcomes.map((o) => (o as { outputs: Record<string, Tensor> }).outputs),
      );
      expect(stopped.stopped?.message).toMatch(/a worker lane stopped/);
      expect(sum(stopping.runsPerLane)).toBe(feeds.length);
      // Later runs go to the lanes still running.
      const before = stopping.runsPerLane;
      const later = feedsOf(20, 900, 'shared');
      await expectReferenceOutputs(
        later,
        await Promise.all(later.map((f) => stopping.run(loaded.session, f))),
      );
      await allAnswered(stopping);
      const after = stopping.runsPerLane;
      expect(after[1]).toBe(before[1]);
      expect(sum(after) - sum(before)).toBe(later.length);
    } finally {
      await stopping.terminate();
    }
  });

  it('a session on worker threads says it takes shared inputs', async () => {
    const session = await onnxNodeBackend({ workerThreads: WORKERS }).createSession(PNET_MODEL);
    try {
      expect(session.inputMemory).toBe('shared');
      expect(session.concurrency).toBe(WORKERS + 1);
      const inline = await onnxNodeBackend({ workerThreads: 0 }).createSession(PNET_MODEL);
      expect(inline.inputMemory).toBeUndefined();
      const feeds = [...feedsOf(6, 3, 'shared'), ...feedsOf(6, 3)];
      const results = await Promise.all(feeds.map((f) => session.run(f)));
      for (const [k, f] of feeds.entries()) {
        const expected = await inline.run(privately(f));
        expect(results[k]!.prob!.data, `run ${k}`).toEqual(expected.prob!.data);
      }
      await inline.dispose();
    } finally {
      await session.dispose();
    }
  });
});
