// The command line's own contract: help, version, and exit status 2 with a clear message for every kind of
// usage mistake, before any model is loaded.
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { samplePath } from '@mtcnn/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support.js';

const EXIT_USAGE = 2;
let dir: string;
let emptyDir: string;
const photo = samplePath('sample1.jpg');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtcnn-usage-'));
  emptyDir = join(dir, 'empty');
  await mkdir(emptyDir);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('help and version', () => {
  it('--help, help <command>, <command> --help and --version exit 0 on stdout', async () => {
    const [main, detect, align, helpAlign, version] = await Promise.all([
      runCli(['--help']),
      runCli(['detect', '--help']),
      runCli(['align', '-h']),
      runCli(['help', 'align']),
      runCli(['--version']),
    ]);
    for (const run of [main, detect, align, helpAlign, version]) {
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
    }
    expect(main.stdout).toMatch(/mtcnn detect/);
    expect(main.stdout).toMatch(/mtcnn align/);
    for (const flag of [
      '--json',
      '--jsonl',
      '--draw',
      '--min-face',
      '--thresholds',
      '--backend',
      '--max-pixels',
    ]) {
      expect(detect.stdout).toContain(flag);
    }
    for (const flag of ['--out', '--template', '--size', '--margin']) expect(align.stdout).toContain(flag);
    expect(helpAlign.stdout).toBe(align.stdout);
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(version.stdout.trim()).toBe(pkg.version);
  });
});

describe('usage errors exit 2 with a clear message', () => {
  const cases: [string, () => string[], RegExp][] = [
    ['no command', () => [], /no command/],
    ['unknown command', () => ['frobnicate', photo], /unknown command "frobnicate"/],
    ['unknown flag', () => ['detect', '--bogus', photo], /Unknown option '--bogus'/],
    ['missing value', () => ['detect', photo, '--json'], /--json/],
    ['no inputs', () => ['detect'], /no inputs/],
    ['a directory without images', () => ['detect', emptyDir], /no image files/],
    [
      'non-numeric --min-face',
      () => ['detect', '--min-face', 'big', photo],
      /--min-face needs a number, got "big"/,
    ],
    [
      '--min-face under 12, named by its flag',
      () => ['detect', '--min-face', '8', photo],
      /mtcnn: --min-face must be a number ≥ 12/,
    ],
    [
      '--scale-factor out of (0, 1)',
      () => ['detect', '--scale-factor', '1.5', photo],
      /mtcnn: --scale-factor must be a number in \(0, 1\)/,
    ],
    ['two thresholds', () => ['detect', '--thresholds', '0.6,0.7', photo], /three comma-separated numbers/],
    [
      'a threshold over 1',
      () => ['detect', '--thresholds', '0.6,1.7,0.7', photo],
      /--thresholds: .*\[0, 1\]/,
    ],
    [
      'unknown stage',
      () => ['detect', '--stages', 'xnet', photo],
      /--stages must be one of pnet, rnet, onet/,
    ],
    [
      'unknown backend',
      () => ['detect', '--backend', 'gpu', photo],
      /--backend must be one of cpu, wasm, webgpu, auto/,
    ],
    ['unknown stage in --backend', () => ['detect', '--backend', 'qnet=cpu', photo], /unknown stage "qnet"/],
    [
      '--concurrency 0',
      () => ['detect', '--concurrency', '0', photo],
      /--concurrency must be an integer from 1 to 64/,
    ],
    ['--max-faces 1.5', () => ['detect', '--max-faces', '1.5', photo], /--max-faces must be an integer/],
    ['negative --max-pixels', () => ['detect', '--max-pixels=-5', photo], /--max-pixels must be an integer/],
    [
      'a negative value after its flag',
      () => ['detect', '--max-pixels', '-5', photo],
      /^mtcnn: --max-pixels must be an integer ≥ 1, got "-5"\n/,
    ],
    [
      '--max-faces -1',
      () => ['detect', '--max-faces', '-1', photo],
      /^mtcnn: --max-faces must be an integer ≥ 1, got "-1"\n/,
    ],
    [
      'a flag where a value should be',
      () => ['detect', '--json', '--jsonl', photo],
      /^mtcnn: --json needs a value, got the flag --jsonl\n/,
    ],
    ['--json - with --jsonl', () => ['detect', '--json', '-', '--jsonl', photo], /both write to stdout/],
    [
      '--json in a missing directory',
      () => ['detect', '--json', join(dir, 'no', 'such', 'x.json'), photo],
      /cannot write the --json file/,
    ],
    ['align without --out', () => ['align', photo], /needs --out DIR/],
    [
      'unknown template',
      () => ['align', '--out', dir, '--template', 'vgg', photo],
      /--template must be one of arcface, facenet/,
    ],
    [
      'arcface without landmarks',
      () => ['align', '--out', dir, '--stages', 'rnet', photo],
      /needs landmarks/,
    ],
    ['arcface size', () => ['align', '--out', dir, '--size', '100', photo], /multiple of 112 or 128/],
    [
      'margin ≥ size',
      () => ['align', '--out', dir, '--template', 'facenet', '--margin', '160', photo],
      /--margin must be in \[0, 160\)/,
    ],
    [
      '--margin with arcface',
      () => ['align', '--out', dir, '--margin', '10', photo],
      /--margin applies to --template facenet only/,
    ],
  ];

  // Each case is a short-lived process that loads no model: run them side by side.
  it.concurrent.for(cases)('%s', async ([, args, message], { expect }) => {
    const run = await runCli(args());
    expect(run.code).toBe(EXIT_USAGE);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/Run 'mtcnn( detect| align)? --help' for usage\./);
  });
});
