// The queue on a real redis-server (started here, persistence off): enqueue, work, sinks, status, faults.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectResults, directorySink, recordPath } from './directory-sink.js';
import { enqueue } from './enqueue.js';
import { isQueueError } from './errors.js';
import { resultKey } from './keys.js';
import type { ResultSink } from './sink.js';
import { queueStatus, retryFailed } from './status.js';
import { redisServerAvailable, SKIP_MESSAGE, startRedisServer, type TestRedis } from './testing/index.js';
import { type InputProcessor, startWorker } from './worker.js';

const available = redisServerAvailable();
if (!available) console.warn(SKIP_MESSAGE);

/** Short locks so that a stopped or dead worker's chunk comes back within seconds, not the default 30 s. */
const FAST = { lockDurationMs: 3000, stalledIntervalMs: 1000 } as const;

let redis: TestRedis;
let dir: string;
let queueCount = 0;

/** A fresh queue and output directory per test. */
async function fresh() {
  queueCount++;
  const out = join(dir, `out${queueCount}`);
  return { target: { redis: redis.url, queue: `q${queueCount}` }, out };
}

const echo: InputProcessor = async (input) =>
  input.startsWith('bad')
    ? { file: input, error: { code: 'INVALID_IMAGE', message: 'bad input' } }
    : { file: input, ok: true };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe.skipIf(!available)('@mtcnn/queue on a real Redis', () => {
  beforeAll(async () => {
    redis = await startRedisServer();
    dir = await mkdtemp(join(tmpdir(), 'mtcnn-queue-'));
  });
  afterAll(async () => {
    await redis?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('processes every input once, bad ones as error records, and collects them in the order added', async () => {
    const { target, out } = await fresh();
    const inputs = Array.from({ length: 23 }, (_, i) => (i % 7 === 3 ? `bad-${i}` : `in-${i}`));
    expect(await enqueue(inputs, { ...target, chunkSize: 5 })).toEqual({ inputs: 23, chunks: 5, added: 5 });
    const worker = await startWorker({
      ...target,
      processor: echo,
      sink: directorySink(out),
      untilEmpty: true,
      ...FAST,
    });
    const summary = await worker.done;
    expect(summary).toEqual({ chunks: 5, processed: 23, skipped: 0, handedBack: 0 });
    const { records, missing } = await collectResults(out);
    expect(missing).toEqual([]);
    expect((records as { file: string }[]).map((r) => r.file)).toEqual(inputs);
    expect(records.filter((r) => 'error' in (r as object))).toHaveLength(3);
    const status = await queueStatus(target);
    expect(status).toMatchObject({
      waiting: 0,
      active: 0,
      completed: 5,
      failed: 0,
      inputs: { total: 23, done: 23 },
    });
    // The rate counts whole past seconds; the chunks finished within the last few.
    expect(status.rate).toBeGreaterThan(0);
  });

  it('adding the same inputs again is a no-op, and an overlapping list only costs the skip', async () => {
    const { target, out } = await fresh();
    const inputs = Array.from({ length: 10 }, (_, i) => `in-${i}`);
    await enqueue(inputs, { ...target, chunkSize: 4 });
    expect(await enqueue(inputs, { ...target, chunkSize: 4 })).toEqual({ inputs: 10, chunks: 3, added: 0 });
    expect((await queueStatus(target)).waiting).toBe(3);
    const first = await startWorker({
      ...target,
      processor: echo,
      sink: directorySink(out),
      untilEmpty: true,
      ...FAST,
    });
    expect(await first.done).toMatchObject({ chunks: 3, processed: 10 });
    // Done chunks are kept, so adding them yet again still adds nothing.
    expect((await enqueue(inputs, { ...target, chunkSize: 4 })).added).toBe(0);
    // Another chunking makes new chunks, whose inputs all have results already.
    expect((await enqueue(inputs, { ...target, chunkSize: 5 })).added).toBe(2);
    const second = await startWorker({
      ...target,
      processor: echo,
      sink: directorySink(out),
      untilEmpty: true,
      ...FAST,
    });
    expect(await second.done).toMatchObject({ chunks: 2, processed: 0, skipped: 10 });
    expect((await collectResults(out)).records).toHaveLength(10);
  });

  it('retries an infrastructure failure with backoff, keeps it in the failed set, and retry-failed brings it back', async () => {
    const { target, out } = await fresh();
    const good = directorySink(out);
    let broken = true;
    let puts = 0;
    const flaky: ResultSink = {
      ...good,
      async put(key, record) {
        puts++;
        if (broken && (record as { file: string }).file === 'in-3')
          throw new Error('ENOSPC: no space left on device');
        return good.put(key, record);
      },
    };
    await enqueue(['in-0', 'in-1', 'in-2', 'in-3'], { ...target, chunkSize: 2, attempts: 3, backoffMs: 100 });
    const lines: string[] = [];
    const worker = await startWorker({
      ...target,
      processor: echo,
      sink: flaky,
      untilEmpty: true,
      log: (l) => lines.push(l),
      ...FAST,
    });
    await worker.done;
    const status = await queueStatus(target);
    expect(status).toMatchObject({ completed: 1, failed: 1, active: 0, waiting: 0 });
    expect(lines.filter((l) => l.includes('ENOSPC'))).toHaveLength(3);
    expect(lines.at(-1)).toContain('in the failed set');
    // in-2, before the failing in-3 in its chunk, was written on the first attempt and skipped after.
    expect(puts).toBe(2 + 1 + 3);
    broken = false;
    expect(await retryFailed(target)).toBe(1);
    const again = await startWorker({ ...target, processor: echo, sink: flaky, untilEmpty: true, ...FAST });
    expect(await again.done).toMatchObject({ chunks: 1, processed: 1, skipped: 1 });
    expect(await queueStatus(target)).toMatchObject({
      completed: 2,
      failed: 0,
      inputs: { total: 4, done: 4 },
    });
  });

  it('stop() hands the chunk in progress back after the input in hand; another worker finishes it', async () => {
    const { target, out } = await fresh();
    const inputs = Array.from({ length: 6 }, (_, i) => `in-${i}`);
    await enqueue(inputs, { ...target, chunkSize: 6 });
    let started = 0;
    const slow: InputProcessor = async (input, ctx) => {
      started++;
      await sleep(200);
      return echo(input, ctx);
    };
    const worker = await startWorker({ ...target, processor: slow, sink: directorySink(out), ...FAST });
    await waitFor('two inputs', async () => started >= 2);
    const summary = await worker.stop();
    expect(summary.handedBack).toBe(1);
    expect(summary.chunks).toBe(0);
    // Back in waiting at once, not after a lock expiry, with no attempt used up.
    expect(await queueStatus(target)).toMatchObject({ waiting: 1, active: 0, failed: 0 });
    const written = (await collectResults(out)).records.length;
    expect(written).toBeGreaterThanOrEqual(2);
    const rest = await startWorker({
      ...target,
      processor: echo,
      sink: directorySink(out),
      untilEmpty: true,
      ...FAST,
    });
    expect(await rest.done).toMatchObject({ chunks: 1, skipped: written, processed: 6 - written });
    expect((await collectResults(out)).records.map((r) => (r as { file: string }).file)).toEqual(inputs);
  });

  it('rides out a Redis restart: the worker reconnects and finishes', async () => {
    const { target, out } = await fresh();
    const inputs = Array.from({ length: 12 }, (_, i) => `in-${i}`);
    await enqueue(inputs, { ...target, chunkSize: 3 });
    let n = 0;
    const slow: InputProcessor = async (input, ctx) => {
      n++;
      await sleep(100);
      return echo(input, ctx);
    };
    const lines: string[] = [];
    const worker = await startWorker({
      ...target,
      processor: slow,
      sink: directorySink(out),
      untilEmpty: true,
      log: (l) => lines.push(l),
      // Longer than the outage: the chunk in hand keeps its lock.
      lockDurationMs: 10_000,
      stalledIntervalMs: 1000,
    });
    await waitFor('a few inputs', async () => n >= 4);
    await redis.shutdownSave();
    await sleep(1500);
    await redis.restart();
    const summary = await worker.done;
    expect(summary.processed).toBe(12);
    expect(lines.some((l) => l.startsWith('lost the connection to Redis'))).toBe(true);
    expect(lines.some((l) => l.startsWith('reconnected to Redis'))).toBe(true);
    expect(await queueStatus(target)).toMatchObject({ completed: 4, active: 0, waiting: 0, failed: 0 });
    const files = (await readdir(out)).filter((name) => name.length === 2);
    let count = 0;
    for (const shard of files)
      count += (await readdir(join(out, shard))).filter((f) => f.endsWith('.json')).length;
    expect(count).toBe(12);
    expect(JSON.parse(await readFile(recordPath(out, resultKey('in-5')), 'utf8'))).toEqual({
      file: 'in-5',
      ok: true,
    });
  });

  it('fails fast and clearly when Redis cannot be reached, without printing the password', async () => {
    const closed = `redis://user:sup3rsecret@127.0.0.1:${redis.port + 1}`;
    const started = Date.now();
    try {
      await enqueue(['x'], { redis: closed });
      expect.unreachable();
    } catch (error) {
      expect(isQueueError(error, 'REDIS_UNAVAILABLE')).toBe(true);
      expect((error as Error).message).toContain(`redis://***@127.0.0.1:${redis.port + 1}/0`);
      expect((error as Error).message).not.toContain('sup3rsecret');
    }
    expect(Date.now() - started).toBeLessThan(5000);
    await expect(
      startWorker({ redis: 'localhost:6379', processor: echo, sink: directorySink(dir) }),
    ).rejects.toMatchObject({
      code: 'INVALID_REDIS_URL',
    });
  });
});
