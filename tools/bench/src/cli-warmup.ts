// `node tools/bench/dist/cli-warmup.js [processes] [rounds]`: what a fresh `mtcnn detect` process's first photos
// cost beside its steady state. The six sample photos, resized to 1024 px on the long side (the WIDER-sized
// frames of issue 18), are written `rounds` times over into a temporary folder; each of `processes` fresh CLI
// processes detects them one at a time (--concurrency 1, --jsonl), and each photo's detection time (the
// record's totalMs) and decode time are read from its record. Medians per position across processes.
import { spawn } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { sampleNames, samplePath } from '@mtcnn/fixtures';
import sharp from 'sharp';
import { positionMedians } from './position-medians.js';
import { median } from './stats.js';

const LONG_SIDE = 1024;
const JPEG_QUALITY = 92;

interface ProcessTimes {
  /** From spawning the process to its exit. */
  readonly wallMs: number;
  /** Detection per photo, in input order. */
  readonly detectMs: number[];
  readonly decodeMs: number[];
}

async function preparePhotos(dir: string, rounds: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (let round = 0; round < rounds; round++) {
    for (const name of sampleNames) {
      await sharp(samplePath(name))
        .autoOrient()
        .resize(LONG_SIDE, LONG_SIDE, { fit: 'inside' })
        .jpeg({ quality: JPEG_QUALITY })
        .toFile(join(dir, `r${String(round).padStart(2, '0')}-${name}`));
    }
  }
}

function cliPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mtcnn/package.json')), 'dist', 'cli.js');
}

function runCli(cli: string, dir: string): Promise<ProcessTimes> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [cli, 'detect', '--jsonl', '--concurrency', '1', dir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let text = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      if (code !== 0) return reject(new Error(`mtcnn detect exited with ${String(code)}`));
      const records = text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { file: string; timing: { totalMs: number; decodeMs: number } })
        .sort((a, b) => a.file.localeCompare(b.file));
      resolve({
        wallMs,
        detectMs: records.map((r) => r.timing.totalMs),
        decodeMs: records.map((r) => r.timing.decodeMs),
      });
    });
  });
}

const round1 = (ms: number) => Math.round(ms * 10) / 10;

async function main(): Promise<void> {
  const processes = Number(process.argv[2] ?? 7);
  const rounds = Number(process.argv[3] ?? 4);
  const dir = join(tmpdir(), `mtcnn-cli-warmup-${process.pid}`);
  try {
    await preparePhotos(dir, rounds);
    const cli = cliPath();
    const runs: ProcessTimes[] = [];
    for (let i = 0; i < processes; i++) runs.push(await runCli(cli, dir));
    const detect = positionMedians(runs.map((r) => r.detectMs));
    const decode = positionMedians(runs.map((r) => r.decodeMs));
    // The steady state: every photo after the first round, all processes together.
    const steady = median(runs.flatMap((r) => r.detectMs.slice(sampleNames.length)));
    const result = {
      photos: `${String(sampleNames.length)} samples × ${String(rounds)}, ${String(LONG_SIDE)} px long side`,
      processes,
      wallMsMedian: round1(median(runs.map((r) => r.wallMs))),
      steadyDetectMs: round1(steady),
      firstRoundDetectMs: detect.slice(0, sampleNames.length).map(round1),
      firstOverSteady: round1(detect[0]! / steady),
      detectMsByPosition: detect.map(round1),
      decodeMsByPosition: decode.map(round1),
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
