// The queue section: images per second through `mtcnn queue work` with 1 and 2 processes against one in-process
// detector (`mtcnn detect`) on the same photos, and Redis's own cost per chunk (commands and CPU time) with a
// processor that does nothing, so that Redis is all there is to measure.
import { spawn } from 'node:child_process';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { sampleNames, samplePath } from '@mtcnn/fixtures';
import { connectRedis, directorySink, enqueue, startWorker } from '@mtcnn/queue';
import { redisServerAvailable, startRedisServer, type TestRedis } from '@mtcnn/queue/testing';
import type { QueueBenchResult } from './types.js';

/** Each photo this many times over (distinct paths: the queue skips inputs with a record). */
const ROUNDS = 4;
const QUICK_ROUNDS = 2;
/** Small chunks, so that two processes share even a short run. */
const DETECT_CHUNK = 4;
/** The Redis-only measurement: this many inputs in chunks of the CLI's default size. */
const REDIS_INPUTS = 4000;
const QUICK_REDIS_INPUTS = 800;
const REDIS_CHUNK = 16;
const MS_PER_SECOND = 1000;
const US_PER_MS = 1000;

const CLI = createRequire(import.meta.url)
  .resolve('mtcnn/package.json')
  .replace(/package\.json$/, 'dist/cli.js');

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Runs the mtcnn CLI and returns its wall time; throws with its stderr when it fails unexpectedly. */
function timeCli(args: readonly string[], okCodes: readonly number[] = [0]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (okCodes.includes(code ?? -1)) resolve(performance.now() - started);
      else
        reject(
          new Error(
            `mtcnn ${args.slice(0, 2).join(' ')} exited ${code}: ${stderr.trim().split('\n').at(-1)}`,
          ),
        );
    });
  });
}

interface CommandStats {
  readonly calls: number;
  readonly usec: number;
  readonly cpuSeconds: number;
}

/** All commands Redis has run and their time (INFO commandstats), and its process's CPU time (INFO cpu). */
async function redisStats(url: string): Promise<CommandStats> {
  const connection = await connectRedis(url, 'mtcnn-bench');
  try {
    const text = `${await connection.client.info('commandstats')}\n${await connection.client.info('cpu')}`;
    let calls = 0;
    let usec = 0;
    for (const match of text.matchAll(/^cmdstat_[^:]+:calls=(\d+),usec=(\d+)/gm)) {
      calls += Number(match[1]);
      usec += Number(match[2]);
    }
    const cpu = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(text)?.[1] ?? 0);
    return { calls, usec, cpuSeconds: cpu('used_cpu_user') + cpu('used_cpu_sys') };
  } finally {
    await connection.close();
  }
}

async function detectModes(redis: TestRedis, scratch: string, rounds: number) {
  const files: string[] = [];
  await mkdir(join(scratch, 'photos'), { recursive: true });
  for (let r = 0; r < rounds; r++) {
    for (const name of sampleNames) {
      const path = join(scratch, 'photos', `r${r}-${name}`);
      await copyFile(samplePath(name), path);
      files.push(path);
    }
  }
  const modes: { mode: string; images: number; ms: number }[] = [];
  const inProcessMs = await timeCli(['detect', ...files, '--json', join(scratch, 'detect.json')]);
  modes.push({ mode: 'mtcnn detect: one detector in one process', images: files.length, ms: inProcessMs });
  log(`  in-process: ${((MS_PER_SECOND * files.length) / inProcessMs).toFixed(2)} images/s`);
  for (const procs of [1, 2]) {
    const queue = `bench${procs}`;
    await timeCli([
      'queue',
      'add',
      '--redis',
      redis.url,
      '--queue',
      queue,
      '--chunk-size',
      String(DETECT_CHUNK),
      ...files,
    ]);
    const out = join(scratch, `out${procs}`);
    const ms = await timeCli([
      'queue',
      'work',
      '--redis',
      redis.url,
      '--queue',
      queue,
      '--out',
      out,
      '--procs',
      String(procs),
      '--until-empty',
    ]);
    modes.push({ mode: `mtcnn queue work --procs ${procs}`, images: files.length, ms });
    log(
      `  queue, ${procs} process${procs > 1 ? 'es' : ''}: ${((MS_PER_SECOND * files.length) / ms).toFixed(2)} images/s`,
    );
  }
  return modes;
}

async function redisCost(
  redis: TestRedis,
  scratch: string,
  inputs: number,
): Promise<QueueBenchResult['redis']> {
  const names = Array.from({ length: inputs }, (_, i) => `input-${i}`);
  const target = { redis: redis.url, queue: 'redis-cost' };
  const before = await redisStats(redis.url);
  await enqueue(names, { ...target, chunkSize: REDIS_CHUNK });
  // Timed from here: the worker's connection and its chunks, not the modules loading or the adding.
  const started = performance.now();
  const worker = await startWorker({
    ...target,
    processor: async (input) => ({ file: input }),
    sink: directorySink(join(scratch, 'redis-cost')),
    untilEmpty: true,
  });
  await worker.done;
  const ms = performance.now() - started;
  const after = await redisStats(redis.url);
  const chunks = Math.ceil(inputs / REDIS_CHUNK);
  return {
    inputs,
    chunkSize: REDIS_CHUNK,
    chunks,
    ms,
    commandsPerChunk: (after.calls - before.calls) / chunks,
    commandUsPerChunk: (after.usec - before.usec) / chunks,
    redisCpuMsPerChunk: ((after.cpuSeconds - before.cpuSeconds) * MS_PER_SECOND) / chunks,
    chunksPerSecond: (MS_PER_SECOND * chunks) / ms,
  };
}

/** The whole section; undefined (with the reason logged) where redis-server is not installed. */
export async function measureQueue(scratch: string, quick: boolean): Promise<QueueBenchResult | string> {
  if (!redisServerAvailable()) return 'redis-server is not installed (apt-get install redis-server)';
  const redis = await startRedisServer();
  try {
    log('queue: images per second, in process and through the queue…');
    const modes = await detectModes(redis, scratch, quick ? QUICK_ROUNDS : ROUNDS);
    log('queue: Redis cost per chunk (a processor that does nothing)…');
    const cost = await redisCost(redis, scratch, quick ? QUICK_REDIS_INPUTS : REDIS_INPUTS);
    log(
      `  ${cost.commandsPerChunk.toFixed(1)} commands, ${(cost.commandUsPerChunk / US_PER_MS).toFixed(3)} ms of commands, ` +
        `${cost.redisCpuMsPerChunk.toFixed(3)} ms of Redis CPU per chunk of ${cost.chunkSize}`,
    );
    return { chunkSize: DETECT_CHUNK, modes, redis: cost };
  } finally {
    await redis.stop();
    await rm(join(scratch, 'photos'), { recursive: true, force: true });
  }
}
