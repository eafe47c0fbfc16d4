// The Node entry's worker threads, on the real runtime and models. Worker threads run built JavaScript (a worker
// cannot load TypeScript), so this test imports dist/: the test task builds first.
import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { isMtcnnError } from '@mtcnn/core';
import type { Session, Tensor } from '@mtcnn/core/backend-kit';
import { PNET_MODEL } from '@mtcnn/pnet';
import { afterEach, describe, expect, it } from 'vitest';
import { Lanes } from '../../dist/node/lanes.js';
import { onnxNodeBackend } from '../../dist/node.js';

const opened: Session[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.dispose()));
});

async function open(session: Promise<Session>): Promise<Session> {
  const s = await session;
  opened.push(s);
  return s;
}

/** Deterministic non-trivial input values in [-1, 1). */
function input(dims: number[], seed: number): Tensor {
  const length = dims.reduce((a, b) => a * b, 1);
  return { data: Float32Array.from({ length }, (_, i) => Math.sin(seed + i * 0.37) * 0.99), dims };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

const cores = availableParallelism();

describe('onnxNodeBackend worker threads', () => {
  it.runIf(cores >= 2)(
    'runs models in one worker per other core (up to 3) plus the caller by default',
    async () => {
      const session = await open(onnxNodeBackend().createSession(PNET_MODEL));
      expect(session.concurrency).toBe(Math.min(cores - 1, 3) + 1);
      const inline = await open(onnxNodeBackend({ workerThreads: 0 }).createSession(PNET_MODEL));
      expect(inline.concurrency).toBeUndefined();
      // Giving onnxruntime's thread counts means: no workers (a pool of detectors, one per core, does this).
      const pooled = await open(onnxNodeBackend({ intraOpNumThreads: 1 }).createSession(PNET_MODEL));
      expect(pooled.concurrency).toBeUndefined();
    },
  );

  it('gives every run, whichever thread takes it, the outputs of the calling thread bit for bit', async () => {
    const backend = onnxNodeBackend({ workerThreads: 2 });
    const inline = onnxNodeBackend({ workerThreads: 0 });
    for (const [model, dims] of [
      [PNET_MODEL, [1, 3, 61, 47]],
      [PNET_MODEL, [4, 3, 24, 24]],
    ] as const) {
      const threaded = await open(backend.createSession(model));
      const reference = await open(inline.createSession(model));
      expect(threaded.concurrency).toBe(3);
      const feeds = Array.from({ length: 7 }, (_, k) => ({ input: input([...dims], k) }));
      // All started together, so they spread over the three threads.
      const results = await Promise.all(feeds.map((f) => threaded.run(f)));
      for (const [k, f] of feeds.entries()) {
        const expected = await reference.run(f);
        for (const name of reference.outputNames) {
          expect(results[k]![name]!.dims).toEqual(expected[name]!.dims);
          expect(results[k]![name]!.data, `${name} of run ${k}`).toEqual(expected[name]!.data);
        }
      }
      // The caller's input is only read.
      expect(feeds[0]!.input.data).toEqual(input([...dims], 0).data);
    }
  });

  it('reports a bad input as INFERENCE_FAILED and keeps working', async () => {
    const session = await open(onnxNodeBackend({ workerThreads: 1 }).createSession(PNET_MODEL));
    // Two channels instead of three.
    const bad = await Promise.all(
      [1, 2].map(() => failure(session.run({ input: input([1, 2, 24, 24], 1) }))),
    );
    for (const error of bad) {
      expect(isMtcnnError(error, 'INFERENCE_FAILED')).toBe(true);
      expect((error as Error).message).toContain('onnx-node:cpu');
    }
    const ok = await Promise.all([1, 2].map((k) => session.run({ input: input([2, 3, 24, 24], k) })));
    for (const out of ok) expect(out.prob!.dims).toEqual([2, 2, 7, 7]);
  });

  it('fails to create a session for a missing model with its path, and starts again afterwards', async () => {
    const backend = onnxNodeBackend({ workerThreads: 1 });
    const error = await failure(backend.createSession('/no/such/dir/model.onnx'));
    expect((error as Error).message).toContain('/no/such/dir/model.onnx');
    const session = await open(backend.createSession(PNET_MODEL));
    expect((await session.run({ input: input([1, 3, 12, 12], 0) })).prob!.dims).toEqual([1, 2, 1, 1]);
  });

  it('refuses a session after dispose, and the backend starts fresh threads for the next', async () => {
    const backend = onnxNodeBackend({ workerThreads: 1 });
    const first = await backend.createSession(PNET_MODEL);
    await first.dispose();
    const refused = await failure(first.run({ input: input([1, 3, 12, 12], 0) }));
    expect(isMtcnnError(refused, 'INFERENCE_FAILED')).toBe(true);
    const second = await open(backend.createSession(PNET_MODEL));
    expect((await second.run({ input: input([1, 3, 12, 12], 0) })).prob!.dims).toEqual([1, 2, 1, 1]);
  });

  it('shares runs between the calling thread and a worker, and finishes them alone when the worker stops', async () => {
    const lanes = new Lanes(1, 'onnx-node:cpu');
    // The same (portable) model form, run in this thread only.
    const inline = await open(
      onnxNodeBackend({ workerThreads: 0, modelForms: [] }).createSession(PNET_MODEL),
    );
    try {
      const model = await lanes.load(fileURLToPath(PNET_MODEL.portable as URL), { intraOpNumThreads: 1 });
      const feeds = Array.from({ length: 8 }, (_, k) => ({ input: input([1, 3, 40, 40], k) }));
      const check = async (results: Record<string, Tensor>[]) => {
        for (const [k, f] of feeds.entries()) {
          const expected = await inline.run(f);
          expect(results[k]!.prob!.data, `run ${k}`).toEqual(expected.prob!.data);
        }
      };
      await check(await Promise.all(feeds.map((f) => lanes.run(model.session, f))));
      // The worker stops with the runs offered to it unclaimed: the calling thread takes every one.
      const stopping = lanes.workers[0]!.terminate();
      const afterStop = Promise.all(feeds.map((f) => lanes.run(model.session, f)));
      await stopping;
      await check(await afterStop);
      await check(await Promise.all(feeds.map((f) => lanes.run(model.session, f))));
    } finally {
      await lanes.terminate();
    }
  });

  it('rejects a bad workerThreads with INVALID_OPTION', () => {
    for (const options of [
      { workerThreads: -1 },
      { workerThreads: 1.5 },
      { workerThreads: 1, device: 'webgpu' },
    ]) {
      let thrown: unknown;
      try {
        onnxNodeBackend(options as Parameters<typeof onnxNodeBackend>[0]);
      } catch (error) {
        thrown = error;
      }
      expect(isMtcnnError(thrown, 'INVALID_OPTION'), JSON.stringify(options)).toBe(true);
    }
  });

  it('does not keep the process alive once idle, even without dispose', async () => {
    // A child loads a model in worker threads, runs it, and forgets the session: it must exit on its own.
    const entry = fileURLToPath(new URL('../../dist/node.js', import.meta.url));
    const model = fileURLToPath(PNET_MODEL.portable as URL);
    const script = `
      const { onnxNodeBackend } = await import(${JSON.stringify(entry)});
      const s = await onnxNodeBackend({ workerThreads: 1 }).createSession(${JSON.stringify(model)});
      const out = await s.run({ input: { data: new Float32Array(3 * 12 * 12), dims: [1, 3, 12, 12] } });
      console.log(out.prob.dims.join('x'));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      timeout: 30_000,
    });
    expect(stdout.trim()).toBe('1x2x1x1');
  });
});
