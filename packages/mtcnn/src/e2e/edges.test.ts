// The command line's edges, end to end with the built bin: URLs served by a real local HTTP server, an image on
// stdin, images smaller than --min-face, tables written to files, and a terminal (a real pseudo-terminal from
// util-linux's `script`) where a failure must be printed once.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { samplePath } from '@mtcnn/fixtures';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, expectErrorRecord, expectImageRecord, runCli } from './support.js';

/** sample1.jpg: three faces, all found by the default cascade (see detect.test.ts). */
const SAMPLE1_FACES = 3;
let dir: string;
let server: Server;
let base: string;
const photo = samplePath('sample1.jpg');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtcnn-edges-'));
  const bytes = await readFile(photo);
  server = createServer((request, response) => {
    if (request.url === '/photos/sample1.jpg') {
      response.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': bytes.length });
      response.end(bytes);
    } else {
      response.writeHead(404, 'Not Found');
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('URLs and stdin', () => {
  it('fetches http URLs; a 404 is an error record naming the URL, and the batch goes on', async () => {
    const good = `${base}/photos/sample1.jpg`;
    const missing = `${base}/photos/missing.jpg`;
    const run = await runCli(['detect', missing, good, '--jsonl', '--draw', join(dir, 'url-drawn')]);
    expect(run.code).toBe(1);
    const records = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const byFile = new Map(records.map((r) => [r.file, r]));
    const fetched = byFile.get(good)!;
    expectImageRecord(fetched);
    expect((fetched.faces as unknown[]).length).toBe(SAMPLE1_FACES);
    expectErrorRecord(byFile.get(missing), missing, 'INVALID_IMAGE');
    expect((byFile.get(missing)!.error as { message: string }).message).toBe(
      `cannot fetch ${missing}: HTTP 404 Not Found`,
    );
    expect(run.stderr).toBe(`mtcnn: cannot fetch ${missing}: HTTP 404 Not Found [INVALID_IMAGE]\n`);
    // The annotated copy is named after the URL's file.
    expect((await sharp(join(dir, 'url-drawn', 'sample1.jpg')).metadata()).format).toBe('jpeg');
  });

  it('- reads the image from stdin; its record names it -, and the same faces as from the file', async () => {
    const [fromStdin, fromFile] = await Promise.all([
      runCli(['detect', '-', '--json', '-'], undefined, await readFile(photo)),
      runCli(['detect', photo, '--json', '-']),
    ]);
    expect(fromStdin.code).toBe(0);
    const [record] = JSON.parse(fromStdin.stdout) as Record<string, unknown>[];
    expectImageRecord(record);
    expect(record!.file).toBe('-');
    const [fileRecord] = JSON.parse(fromFile.stdout) as Record<string, unknown>[];
    expect(record!.faces).toEqual(fileRecord!.faces);
  });

  it('empty stdin is an INVALID_IMAGE record that names stdin', async () => {
    const run = await runCli(['detect', '-', '--jsonl'], undefined, new Uint8Array(0));
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      file: '-',
      error: { code: 'INVALID_IMAGE', message: 'stdin is empty (0 bytes)' },
    });
  });
});

describe('what the command says', () => {
  it('--min-face larger than the image: a warning on stderr naming the size and the option, and in the record', async () => {
    const run = await runCli(['detect', photo, '--min-face', '5000', '--jsonl']);
    expect(run.code).toBe(0);
    const record = JSON.parse(run.stdout) as Record<string, unknown>;
    const warning = 'the image (1920×1280) is smaller than --min-face 5000: no face can be found';
    expect(record.faces).toEqual([]);
    expect(record.warnings).toEqual([warning]);
    expect(run.stderr).toBe(`mtcnn: ${photo}: ${warning}\n`);
    // The image's shorter side is exactly enough: no warning.
    const fits = await runCli(['detect', photo, '--min-face', '1280', '--jsonl']);
    expect(JSON.parse(fits.stdout).warnings).toBeUndefined();
    expect(fits.stderr).toBe('');
  });

  it('an image over --max-pixels is refused in the flag’s name', async () => {
    const run = await runCli(['detect', photo, '--max-pixels', '1000', '--jsonl']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).error.message).toMatch(/over the limit of 1000 \(option --max-pixels\)$/);
  });

  it('a table written to a file or a pipe keeps whole paths', async () => {
    const run = await runCli(['detect', photo]);
    const lines = run.stdout.split('\n');
    expect(lines[1]!.startsWith(`${photo}  `)).toBe(true);
    expect(lines[0]!.indexOf('FACE')).toBe(photo.length + 2);
  });

  it('on a terminal, a failed input is printed once (its table row), and long paths are shortened', async () => {
    // `script` gives the command a pseudo-terminal for stdin, stdout and stderr, all on the same screen.
    const missing = join(dir, 'no-such-photo.jpg');
    const command = [process.execPath, CLI, 'detect', missing, photo].map((a) => `'${a}'`).join(' ');
    // -e: script exits with the command's status, 1 here (an input failed), which execFile reports as an error.
    const { stdout, code } = await promisify(execFile)('script', ['-qec', command, '/dev/null'], {
      timeout: 60_000,
    }).then(
      ({ stdout }) => ({ stdout, code: 0 }),
      (error: { stdout: string; code: number }) => ({ stdout: error.stdout, code: error.code }),
    );
    expect(code).toBe(1);
    const screen = stdout.replace(/\r/g, '');
    expect(screen.split('\n').filter((line) => line.includes('no-such-photo.jpg')).length).toBe(1);
    expect(screen).not.toMatch(/^mtcnn: /m);
    expect(screen).toMatch(/error INVALID_IMAGE: cannot read /);
    expect(screen).toMatch(/^2 images, 3 faces, 1 failed in \d+\.\d s$/m);
    expect(screen).toContain('…');
  });
});
