// `mtcnn detect` end to end: the built bin on the six demo photos and on broken inputs in one batch.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Face, toCorners } from '@mtcnn/core';
import { matchFaces } from '@mtcnn/core/testing';
import { loadGolden, sampleNames, samplePath } from '@mtcnn/fixtures';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDetector } from '../detector.js';
import {
  type BrokenInputs,
  type CliResult,
  expectErrorRecord,
  expectImageRecord,
  pixelAt,
  readRgb,
  runCli,
  writeBrokenInputs,
} from './support.js';

// As the parity suite: reference faces scoring ≥ 0.9 must be found with IoU ≥ 0.9 (see
// tools/parity/src/reference-parity.test.ts for why those tolerances).
const MUST_FIND_SCORE = 0.9;
const MIN_IOU = 0.9;
/** The box colour of draw.ts, (0, 255, 64), and how far a drawn pixel may be from it. */
const BOX_RGB = [0, 255, 64];
const BOX_COLOUR_TOLERANCE = 24;
const EDGE_SAMPLES = 7;

interface Records {
  readonly run: CliResult;
  readonly records: Record<string, unknown>[];
}

let dir: string;
let broken: BrokenInputs;
let batch: Records;
const photos = sampleNames.map((name) => samplePath(name));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtcnn-detect-'));
  broken = await writeBrokenInputs(dir);
  // Good and broken inputs interleaved, in one batch, two images in flight.
  const inputs = [
    photos[0]!,
    broken.empty,
    photos[1]!,
    broken.truncated,
    photos[2]!,
    broken.text,
    photos[3]!,
    broken.tiny,
    photos[4]!,
    broken.bomb,
    photos[5]!,
  ];
  const json = join(dir, 'out.json');
  const run = await runCli([
    'detect',
    ...inputs,
    '--json',
    json,
    '--draw',
    join(dir, 'drawn'),
    '--concurrency',
    '2',
  ]);
  batch = { run, records: JSON.parse(await readFile(json, 'utf8')) as Record<string, unknown>[] };
  expect(batch.records.map((r) => r.file)).toEqual(inputs);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('mtcnn detect on a batch of photos and broken inputs', () => {
  it('exits 1 (some inputs failed) and names each failure on stderr', () => {
    expect(batch.run.code).toBe(1);
    for (const file of [broken.empty, broken.truncated, broken.text, broken.bomb]) {
      expect(batch.run.stderr).toContain(file);
    }
    expect(batch.run.stderr).toMatch(/IMAGE_TOO_LARGE/);
    expect(batch.run.stdout).toBe('');
  });

  it('writes error records with typed codes for the broken inputs', () => {
    const byFile = new Map(batch.records.map((r) => [r.file as string, r]));
    expectErrorRecord(byFile.get(broken.empty), broken.empty, 'INVALID_IMAGE');
    expectErrorRecord(byFile.get(broken.truncated), broken.truncated, 'INVALID_IMAGE');
    expectErrorRecord(byFile.get(broken.text), broken.text, 'INVALID_IMAGE');
    expectErrorRecord(byFile.get(broken.bomb), broken.bomb, 'IMAGE_TOO_LARGE');
    // The bomb is refused from its header's 60000×60000, before any pixel is decoded.
    expect((byFile.get(broken.bomb)!.error as { message: string }).message).toMatch(/60000×60000/);
    // A 1×1 image is valid: a record with no faces.
    const tiny = byFile.get(broken.tiny)!;
    expectImageRecord(tiny);
    expect([tiny.width, tiny.height, tiny.faces]).toEqual([1, 1, []]);
    // …which says why it can hold no face.
    expect(tiny.warnings).toEqual([
      'the image (1×1) is smaller than --min-face 20 (the default): no face can be found',
    ]);
  });

  it('every photo record has the documented schema and finds the reference faces (IoU ≥ 0.9)', () => {
    const golden = loadGolden();
    const lines: string[] = [];
    for (const [i, name] of sampleNames.entries()) {
      const record = batch.records.find((r) => r.file === photos[i])!;
      expectImageRecord(record);
      const reference = golden.results[name]!;
      expect([record.width, record.height]).toEqual([reference.width, reference.height]);
      const faces = record.faces as Face[];
      const { matches } = matchFaces(faces, reference.faces);
      lines.push(
        `${name}: ${faces.length} faces; IoU vs reference ${matches.map((m) => `${m.iou.toFixed(4)}@${m.reference.score.toFixed(2)}`).join(' ')}`,
      );
      for (const m of matches) {
        if (m.reference.score < MUST_FIND_SCORE) continue;
        expect(m.iou, `${name} reference face ${JSON.stringify(m.reference.box)}`).toBeGreaterThanOrEqual(
          MIN_IOU,
        );
      }
      expect(faces.every((f) => f.landmarks !== undefined)).toBe(true);
    }
    console.log(`detect e2e\n  ${lines.join('\n  ')}`);
  });

  it('serialises faces exactly as the library returns them', async () => {
    const detector = await createDetector({ device: 'cpu' });
    try {
      const faces = await detector.detect(photos[0]!);
      const record = batch.records.find((r) => r.file === photos[0])!;
      expect(record.faces).toEqual(JSON.parse(JSON.stringify(faces)));
    } finally {
      await detector.dispose();
    }
  });

  it('writes annotated copies in the input’s format, RGB: same size, box edges drawn in the box colour', async () => {
    const record = batch.records.find((r) => r.file === photos[0])!;
    const original = await readRgb(photos[0]!);
    const copy = join(dir, 'drawn', 'sample1.jpg');
    const meta = await sharp(copy).metadata();
    expect([meta.format, meta.channels]).toEqual(['jpeg', 3]);
    // A JPEG of the photo stays within a few times its size; a lossless copy would be many times larger.
    expect((await stat(copy)).size).toBeLessThan(3 * (await stat(photos[0]!)).size);
    const drawn = await readRgb(copy);
    expect([drawn.width, drawn.height]).toEqual([record.width, record.height]);
    for (const face of record.faces as Face[]) {
      const [x1, y1, x2, y2] = toCorners(face.box);
      // Points along the top and the left edge, away from the corners.
      const points: [number, number][] = [];
      for (let s = 1; s <= EDGE_SAMPLES; s++) {
        const t = s / (EDGE_SAMPLES + 1);
        points.push([Math.round(x1 + t * (x2 - x1)), Math.round(y1)]);
        points.push([Math.round(x1), Math.round(y1 + t * (y2 - y1))]);
      }
      for (const [x, y] of points) {
        const after = pixelAt(drawn, x, y);
        const before = pixelAt(original, x, y);
        expect(after, `(${x}, ${y}) changed`).not.toEqual(before);
        const distance = after.reduce((sum, v, c) => sum + Math.abs(v - BOX_RGB[c]!), 0);
        expect(distance, `(${x}, ${y}) is ${after} not the box colour`).toBeLessThanOrEqual(
          BOX_COLOUR_TOLERANCE,
        );
      }
    }
    // Every input that succeeded has its annotated copy, broken ones have none.
    const tiny = await sharp(join(dir, 'drawn', 'tiny.png')).metadata();
    // A PNG input gives a PNG, without the alpha channel that compositing adds.
    expect([tiny.format, tiny.width, tiny.height, tiny.channels]).toEqual(['png', 1, 1, 3]);
    await expect(sharp(join(dir, 'drawn', 'empty.png')).metadata()).rejects.toThrow();
  });
});

describe('mtcnn detect output modes', () => {
  it('--jsonl streams one valid record per line on stdout, exit 0', async () => {
    const run = await runCli(['detect', photos[0]!, broken.tiny, '--jsonl', '--min-face', '40']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines.length).toBe(2);
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const r of records) expectImageRecord(r);
    expect(records.map((r) => r.file).sort()).toEqual([photos[0]!, broken.tiny].sort());
  });

  it('--json - writes the array on stdout; --stages pnet gives faces without landmarks; --max-faces caps', async () => {
    const run = await runCli(['detect', photos[0]!, '--json', '-', '--stages', 'pnet', '--max-faces', '2']);
    expect(run.code).toBe(0);
    const [record] = JSON.parse(run.stdout) as Record<string, unknown>[];
    expectImageRecord(record);
    const faces = record!.faces as Face[];
    expect(faces.length).toBe(2);
    expect(faces.every((f) => f.landmarks === undefined)).toBe(true);
    expect(Object.keys((record!.timing as { stages: object }).stages)).toEqual(['pnet']);
  });

  it('without --json or --jsonl prints a table and a summary; broken inputs are rows too', async () => {
    const run = await runCli(['detect', 'sample1.jpg', broken.text], join(photos[0]!, '..'));
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^FILE\s+FACE\s+SCORE\s+X\s+Y\s+WIDTH\s+HEIGHT$/);
    // One row per face: an index, then a score with four decimals.
    expect(lines.filter((l) => /\s\d+\s+\d\.\d{4}\s/.test(l)).length).toBe(3);
    // Faces are numbered from 1, as in the drawings.
    expect(lines[1]).toMatch(/^sample1\.jpg\s+1\s+1\.0000/);
    expect(run.stdout).toMatch(/error INVALID_IMAGE/);
    expect(lines.at(-1)).toMatch(/^2 images, 3 faces, 1 failed in \d+\.\d s$/);
    expect(run.stderr).toMatch(/text\.png.*INVALID_IMAGE/);
  });
});
