// `mtcnn queue` end to end on a real redis-server (started here, persistence off): two workers, one killed by
// SIGKILL mid-run, and every input must still get exactly one record, equal to mtcnn detect's; SIGTERM hands
// the chunk in hand back; a wrong or unreachable Redis fails at once.
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFile, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleNames, samplePath } from '@mtcnn/fixtures';
import { recordPath, resultKey } from '@mtcnn/queue';
import { redisServerAvailable, SKIP_MESSAGE, startRedisServer, type TestRedis } from '@mtcnn/queue/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrokenInputs, CLI, runCli, writeBrokenInputs } from './support.js';

const available = redisServerAvailable();
if (!available) console.warn(SKIP_MESSAGE);

/** Each sample photo this many times over, under distinct names: distinct inputs. */
const COPIES = 3;
/** A larger smallest face than the default keeps the suite short; the reference run uses the same. */
const DETECTION = ['--min-face', '40'];
/** A killed worker's chunk is redone about this long after it died (default 30 s). */
const FAST = ['--lock-duration', '4000', '--stalled-interval', '1000'];
const EXPECTED_CODES: Record<keyof BrokenInputs, string | undefined> = {
  empty: 'INVALID_IMAGE',
  truncated: 'INVALID_IMAGE',
  text: 'INVALID_IMAGE',
  bomb: 'IMAGE_TOO_LARGE',
  tiny: undefined,
};

let redis: TestRedis;
let dir: string;
let broken: BrokenInputs;
/** mtcnn detect's record of each sample photo and broken input, by path. */
const reference = new Map<string, Record<string, unknown>>();

interface Running {
  readonly child: ChildProcess;
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

function startCli(args: readonly string[]): Running {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
    (resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, exit };
}

async function recordFiles(out: string): Promise<string[]> {
  const files: string[] = [];
  for (const shard of await readdir(out).catch(() => [] as string[])) {
    if (shard.length !== 2) continue;
    for (const name of await readdir(join(out, shard))) if (name.endsWith('.json')) files.push(name);
  }
  return files;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

async function status(queue: string): Promise<Record<string, unknown>> {
  const run = await runCli(['queue', 'status', '--redis', redis.url, '--queue', queue, '--json']);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

/** A record without its timings, which differ from run to run, and with the file it names replaced. */
function comparable(record: Record<string, unknown>, file: string): Record<string, unknown> {
  return { ...record, file, timing: undefined };
}

describe.skipIf(!available)('mtcnn queue on a real Redis', () => {
  beforeAll(async () => {
    redis = await startRedisServer();
    dir = await mkdtemp(join(tmpdir(), 'mtcnn-queue-e2e-'));
    broken = await writeBrokenInputs(dir);
    const originals = [...sampleNames.map((n) => samplePath(n)), ...Object.values(broken)];
    const json = join(dir, 'reference.json');
    const run = await runCli(['detect', ...originals, '--json', json, ...DETECTION]);
    expect(run.code).toBe(1); // the broken inputs
    for (const record of JSON.parse(await readFile(json, 'utf8')) as Record<string, unknown>[]) {
      reference.set(record.file as string, record);
    }
  });
  afterAll(async () => {
    await redis?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('loses nothing when one of two workers is killed mid-run: one record per input, equal to mtcnn detect', async () => {
    const originalOf = new Map<string, string>();
    const inputs: string[] = [];
    for (let copy = 0; copy < COPIES; copy++) {
      for (const name of sampleNames) {
        const path = join(dir, `copy${copy}-${name}`);
        await copyFile(samplePath(name), path);
        originalOf.set(path, samplePath(name));
        inputs.push(path);
      }
    }
    for (const path of Object.values(broken)) {
      originalOf.set(path, path);
      inputs.push(path);
    }
    const queue = ['--redis', redis.url, '--queue', 'kill'];
    const add = await runCli(['queue', 'add', ...queue, ...inputs, '--chunk-size', '2']);
    expect(add.code, add.stderr).toBe(0);
    const chunks = Math.ceil(inputs.length / 2);
    expect(add.stderr).toContain(`${chunks} new`);
    // Adding the same inputs again adds nothing.
    const again = await runCli(['queue', 'add', ...queue, ...inputs, '--chunk-size', '2']);
    expect(again.stderr).toContain(`(0 new, ${chunks} already queued)`);

    const out = join(dir, 'kill-out');
    const work = [
      'queue',
      'work',
      ...queue,
      '--out',
      out,
      '--until-empty',
      '--concurrency',
      '1',
      ...FAST,
      ...DETECTION,
    ];
    const victim = startCli(work);
    const survivor = startCli(work);
    // Killed once both have written records, with chunks still waiting: it dies holding a chunk.
    await waitFor('a few records', async () => (await recordFiles(out)).length >= 4);
    victim.child.kill('SIGKILL');
    expect((await victim.exit).signal).toBe('SIGKILL');
    const result = await survivor.exit;
    expect(result.code, result.stderr).toBe(0);
    // The dead worker's chunk was found stalled and redone, not left active.
    expect(result.stderr).toMatch(/chunk c[0-9a-f]+ stalled/);

    const files = await recordFiles(out);
    expect(files.length).toBe(inputs.length);
    for (const input of inputs) {
      const record = JSON.parse(await readFile(recordPath(out, resultKey(input)), 'utf8')) as Record<
        string,
        unknown
      >;
      expect(record.file).toBe(input);
      const expected = reference.get(originalOf.get(input)!)!;
      expect(comparable(record, input)).toEqual(comparable(expected, input));
    }
    for (const [name, code] of Object.entries(EXPECTED_CODES)) {
      const record = JSON.parse(
        await readFile(recordPath(out, resultKey(broken[name as keyof BrokenInputs])), 'utf8'),
      );
      if (code === undefined) expect(record.faces, name).toEqual([]);
      else expect(record.error.code, name).toBe(code);
    }
    expect(await status('kill')).toMatchObject({
      waiting: 0,
      active: 0,
      failed: 0,
      completed: chunks,
      inputs: { total: inputs.length, done: inputs.length },
    });
    // collect: detect's array, in the order added.
    const collected = join(dir, 'collected.json');
    const collect = await runCli(['queue', 'collect', '--out', out, '--json', collected]);
    expect(collect.code).toBe(1); // error records among them, as detect's exit status says
    const records = JSON.parse(await readFile(collected, 'utf8')) as Record<string, unknown>[];
    expect(records.map((r) => r.file)).toEqual(inputs);
  });

  it('SIGTERM hands the chunk in hand back at once; the next worker skips what was done', async () => {
    const queue = ['--redis', redis.url, '--queue', 'term'];
    const photos = sampleNames.map((n) => samplePath(n));
    expect(
      (await runCli(['queue', 'add', ...queue, ...photos, '--chunk-size', String(photos.length)])).code,
    ).toBe(0);
    const out = join(dir, 'term-out');
    const first = startCli(['queue', 'work', ...queue, '--out', out, ...DETECTION]);
    await waitFor('a record', async () => (await recordFiles(out)).length >= 1);
    first.child.kill('SIGTERM');
    const stopped = await first.exit;
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stderr).toContain('1 chunk handed back');
    const written = (await recordFiles(out)).length;
    expect(written).toBeLessThan(photos.length);
    // Waiting again at once: no lock had to expire.
    expect(await status('term')).toMatchObject({ waiting: 1, active: 0, failed: 0 });
    const second = await runCli(['queue', 'work', ...queue, '--out', out, '--until-empty', ...DETECTION]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain(
      `${photos.length - written} inputs processed, ${written} had records already`,
    );
    expect((await recordFiles(out)).length).toBe(photos.length);
  });

  it('rides out a Redis restart mid-run: the worker reconnects and finishes', async () => {
    const queue = ['--redis', redis.url, '--queue', 'restart'];
    const photos = sampleNames.map((n) => samplePath(n));
    expect((await runCli(['queue', 'add', ...queue, ...photos, '--chunk-size', '1'])).code).toBe(0);
    const out = join(dir, 'restart-out');
    const worker = startCli(['queue', 'work', ...queue, '--out', out, '--until-empty', ...DETECTION]);
    await waitFor('two records', async () => (await recordFiles(out)).length >= 2);
    // Saved and restarted, as a Redis with persistence is; the test's own runs with snapshots off.
    await redis.shutdownSave();
    await sleep(1500);
    await redis.restart();
    const result = await worker.exit;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('lost the connection to Redis');
    expect(result.stderr).toContain('reconnected to Redis');
    expect((await recordFiles(out)).length).toBe(photos.length);
    expect(await status('restart')).toMatchObject({
      waiting: 0,
      active: 0,
      failed: 0,
      completed: photos.length,
    });
  });

  it('--job align and --job embed give the records mtcnn align and mtcnn embed give', async () => {
    const photos = [samplePath(sampleNames[0]!), samplePath(sampleNames[1]!)];
    for (const job of ['align', 'embed'] as const) {
      const queue = ['--redis', redis.url, '--queue', job];
      expect((await runCli(['queue', 'add', ...queue, ...photos])).code).toBe(0);
      const out = join(dir, `${job}-out`);
      const work = await runCli([
        'queue',
        'work',
        ...queue,
        '--out',
        out,
        '--job',
        job,
        '--until-empty',
        ...DETECTION,
      ]);
      expect(work.code, work.stderr).toBe(0);
      const json = join(dir, `${job}.json`);
      const args = job === 'align' ? ['--out', join(dir, 'align-crops')] : [];
      expect((await runCli([job, ...photos, '--json', json, ...args, ...DETECTION])).code).toBe(0);
      const expected = JSON.parse(await readFile(json, 'utf8')) as Record<string, unknown>[];
      for (const [i, photo] of photos.entries()) {
        const record = JSON.parse(await readFile(recordPath(out, resultKey(photo)), 'utf8')) as Record<
          string,
          unknown
        >;
        // Crops are named by the input's key in the queue, by its file name in mtcnn align.
        const crops = (record.crops ?? []) as { path: string }[];
        const without = (r: Record<string, unknown>) => ({
          ...comparable(r, photo),
          crops: (r.crops as { path: string }[] | undefined)?.map((c) => ({ ...c, path: undefined })),
        });
        expect(without(record), `${job} ${photo}`).toEqual(without(expected[i]!));
        if (job === 'align') {
          expect(crops.length).toBeGreaterThan(0);
          for (const [k, crop] of crops.entries()) {
            expect(crop.path).toBe(join(out, 'crops', `${resultKey(photo)}_face${k + 1}.png`));
            expect((await stat(crop.path)).size).toBeGreaterThan(0);
          }
        }
      }
    }
  });

  it('http(s) inputs: fetched, recorded under their URL; a 404 is an error record', async () => {
    const photo = await readFile(samplePath('sample2.jpg'));
    const server: Server = createServer((request, response) => {
      if (request.url === '/photo.jpg') response.writeHead(200, { 'content-type': 'image/jpeg' }).end(photo);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const urls = [`http://127.0.0.1:${port}/photo.jpg`, `http://127.0.0.1:${port}/missing.jpg`];
      const queue = ['--redis', redis.url, '--queue', 'http'];
      expect((await runCli(['queue', 'add', ...queue, ...urls])).code).toBe(0);
      const out = join(dir, 'http-out');
      const work = await runCli(['queue', 'work', ...queue, '--out', out, '--until-empty', ...DETECTION]);
      expect(work.code, work.stderr).toBe(0);
      const [ok, missing] = await Promise.all(
        urls.map(async (url) => JSON.parse(await readFile(recordPath(out, resultKey(url)), 'utf8'))),
      );
      expect(comparable(ok, urls[0]!)).toEqual(
        comparable(reference.get(samplePath('sample2.jpg'))!, urls[0]!),
      );
      expect(missing).toEqual({
        file: urls[1],
        error: { code: 'INVALID_IMAGE', message: `${urls[1]}: HTTP 404` },
      });
    } finally {
      server.close();
    }
  });

  it('a wrong or unreachable Redis fails at once with exit 1, its code, and no password', async () => {
    const started = Date.now();
    const closed = `redis://admin:pa55word@127.0.0.1:${redis.port + 1}`;
    const [unreachable, wrongScheme, work] = await Promise.all([
      runCli(['queue', 'status', '--redis', closed]),
      runCli(['queue', 'add', '--redis', 'http://admin:pa55word@h', samplePath('sample1.jpg')]),
      runCli(['queue', 'work', '--redis', closed, '--out', join(dir, 'never')]),
    ]);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain(`redis://***@127.0.0.1:${redis.port + 1}/0`);
    expect(unreachable.stderr).toContain('[REDIS_UNAVAILABLE]');
    expect(wrongScheme.code).toBe(1);
    expect(wrongScheme.stderr).toContain('[INVALID_REDIS_URL]');
    expect(work.code).toBe(1);
    expect(work.stderr).toContain('[REDIS_UNAVAILABLE]');
    for (const run of [unreachable, wrongScheme, work]) expect(run.stderr).not.toContain('pa55word');
  });

  it('usage mistakes exit 2 before anything runs', async () => {
    const runs = await Promise.all([
      runCli(['queue']),
      runCli(['queue', 'add', samplePath('sample1.jpg')]),
      runCli(['queue', 'work', '--redis', redis.url]),
      runCli(['queue', 'work', '--redis', redis.url, '--out', dir, '--job', 'identify']),
      runCli(['queue', 'work', '--redis', redis.url, '--out', dir, '--json', 'x.json']),
      runCli(['queue', 'work', '--redis', redis.url, '--out', dir, '--min-face', '3']),
      runCli(['queue', 'work', '--redis', redis.url, '--out', dir, '--rate', 'fast']),
      runCli(['queue', 'collect', '--out', dir]),
    ]);
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(/^mtcnn: .+\nRun 'mtcnn queue/);
    }
  });
});
