// Helpers of the end-to-end tests: run the built `mtcnn` bin as a child process, make broken inputs, and
// check records and pixels independently of the code under test.
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import type { Point } from '@mtcnn/core';
import { samplePath } from '@mtcnn/fixtures';
import sharp from 'sharp';
import { expect } from 'vitest';

export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `command …args` (with `stdin` on its standard input, empty when not given) and collects its output. */
export function runCommand(
  command: string,
  args: readonly string[],
  cwd?: string,
  stdin?: Uint8Array,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    // Without input, stdin is closed at once: an empty stdin, as from /dev/null.
    child.stdin.end(stdin);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs `node dist/cli.js …args` (with `stdin` on its standard input) and collects its output. */
export function runCli(args: readonly string[], cwd?: string, stdin?: Uint8Array): Promise<CliResult> {
  return runCommand(process.execPath, [CLI, ...args], cwd, stdin);
}

// --- Broken inputs ----------------------------------------------------------------------------------------

const PNG_SIGNATURE = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** The polynomial of PNG's CRC-32 (ISO 3309), bit-reversed. */
const CRC32_POLYNOMIAL = 0xedb88320;
const BOMB_SIDE = 60_000;
const PNG_BIT_DEPTH = 8;
const PNG_COLOUR_RGB = 2;

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ CRC32_POLYNOMIAL : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** One PNG chunk: length, type, data, CRC of type and data. */
function pngChunk(type: string, data: Uint8Array): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** A 68-byte PNG whose header claims 60000 × 60000 RGB pixels (10.8 GB decoded) over a tiny IDAT. */
export function decompressionBombPng(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(BOMB_SIDE, 0);
  header.writeUInt32BE(BOMB_SIDE, 4);
  header[8] = PNG_BIT_DEPTH;
  header[9] = PNG_COLOUR_RGB; // compression, filter and interlace stay 0
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.alloc(16))),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}

export interface BrokenInputs {
  readonly empty: string;
  readonly truncated: string;
  readonly text: string;
  readonly tiny: string;
  readonly bomb: string;
}

/** Writes the broken (and the tiny but valid) inputs into `dir`. */
export async function writeBrokenInputs(dir: string): Promise<BrokenInputs> {
  const files: BrokenInputs = {
    empty: join(dir, 'empty.jpg'),
    truncated: join(dir, 'truncated.jpg'),
    text: join(dir, 'text.png'),
    tiny: join(dir, 'tiny.png'),
    bomb: join(dir, 'bomb.png'),
  };
  const photo = await readFile(samplePath('sample1.jpg'));
  await writeFile(files.empty, new Uint8Array(0));
  await writeFile(files.truncated, photo.subarray(0, Math.floor(photo.length / 2)));
  await writeFile(files.text, 'this is a text file, not a PNG\n');
  await sharp({ create: { width: 1, height: 1, channels: 3, background: '#808080' } })
    .png()
    .toFile(files.tiny);
  await writeFile(files.bomb, decompressionBombPng());
  return files;
}

// --- Pixels -----------------------------------------------------------------------------------------------

export interface Pixels {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
}

/** RGB pixels of an image file, decoded by sharp (EXIF orientation applied, as the CLI does). */
export async function readRgb(path: string): Promise<Pixels> {
  const { data, info } = await sharp(path)
    .autoOrient()
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  expect(info.channels).toBe(3);
  return { data, width: info.width, height: info.height };
}

export function pixelAt(image: Pixels, x: number, y: number): number[] {
  const p = 3 * (y * image.width + x);
  return [image.data[p]!, image.data[p + 1]!, image.data[p + 2]!];
}

/** Bilinear sample at (x, y), pixel centres on integers, neighbours outside the image read 0; unrounded. */
export function bilinear(image: Pixels, x: number, y: number): number[] {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const out = [0, 0, 0];
  for (const [px, py, w] of [
    [x0, y0, (1 - (x - x0)) * (1 - (y - y0))],
    [x0 + 1, y0, (x - x0) * (1 - (y - y0))],
    [x0, y0 + 1, (1 - (x - x0)) * (y - y0)],
    [x0 + 1, y0 + 1, (x - x0) * (y - y0)],
  ] as const) {
    if (px < 0 || py < 0 || px >= image.width || py >= image.height) continue;
    const v = pixelAt(image, px, py);
    for (let c = 0; c < 3; c++) out[c]! += w * v[c]!;
  }
  return out;
}

// --- Geometry ---------------------------------------------------------------------------------------------

/** Solves the 4 × 4 system `m · p = v` by Gaussian elimination with partial pivoting. */
function solve4(m: number[][], v: number[]): number[] {
  const a = m.map((row, i) => [...row, v[i]!]);
  for (let col = 0; col < 4; col++) {
    let pivot = col;
    for (let r = col + 1; r < 4; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    for (let r = 0; r < 4; r++) {
      if (r === col) continue;
      const f = a[r]![col]! / a[col]![col]!;
      for (let c = col; c < 5; c++) a[r]![c]! -= f * a[col]![c]!;
    }
  }
  return a.map((row, i) => row[4]! / row[i]!);
}

/**
 * The least-squares similarity from `src` to `dst`, solved independently of the library: the linear model
 * x′ = a·x − b·y + c, y′ = b·x + a·y + f through its normal equations. Returns [a, −b, c, b, a, f].
 */
export function leastSquaresSimilarity(src: readonly Point[], dst: readonly Point[]): number[] {
  const ata = Array.from({ length: 4 }, () => [0, 0, 0, 0]);
  const atb = [0, 0, 0, 0];
  const add = (row: number[], target: number) => {
    for (let i = 0; i < 4; i++) {
      atb[i]! += row[i]! * target;
      for (let j = 0; j < 4; j++) ata[i]![j]! += row[i]! * row[j]!;
    }
  };
  src.forEach((p, i) => {
    add([p.x, -p.y, 1, 0], dst[i]!.x);
    add([p.y, p.x, 0, 1], dst[i]!.y);
  });
  const [a, b, c, f] = solve4(ata, atb) as [number, number, number, number];
  return [a, -b, c, b, a, f];
}

export function apply(matrix: readonly number[], p: Point): Point {
  const [a, b, c, d, e, f] = matrix as [number, number, number, number, number, number];
  return { x: a * p.x + b * p.y + c, y: d * p.x + e * p.y + f };
}

export function invert(matrix: readonly number[]): number[] {
  const [a, b, c, d, e, f] = matrix as [number, number, number, number, number, number];
  const det = a * e - b * d;
  const ia = e / det;
  const ib = -b / det;
  const id = -d / det;
  const ie = a / det;
  return [ia, ib, -(ia * c + ib * f), id, ie, -(id * c + ie * f)];
}

// --- Records ----------------------------------------------------------------------------------------------

const STAGES = ['pnet', 'rnet', 'onet'];
const LANDMARKS = ['leftEye', 'rightEye', 'nose', 'mouthLeft', 'mouthRight'];

function expectKeys(value: unknown, keys: string[], where: string) {
  expect(value, where).toBeTypeOf('object');
  expect(Object.keys(value as object).sort(), `${where} keys`).toEqual([...keys].sort());
}

function expectFinite(value: unknown, where: string) {
  expect(typeof value === 'number' && Number.isFinite(value), `${where} = ${String(value)}`).toBe(true);
}

function expectPoint(value: unknown, where: string) {
  expectKeys(value, ['x', 'y'], where);
  const p = value as Point;
  expectFinite(p.x, `${where}.x`);
  expectFinite(p.y, `${where}.y`);
}

/** Checks every field and type of a success record (`crops` as well when `withCrops`). */
export function expectImageRecord(record: unknown, withCrops = false): void {
  const r = record as Record<string, unknown>;
  expectKeys(
    r,
    [
      'file',
      'width',
      'height',
      'faces',
      'timing',
      ...(withCrops ? ['crops'] : []),
      ...('warnings' in r ? ['warnings'] : []),
    ],
    'record',
  );
  if ('warnings' in r) {
    expect((r.warnings as unknown[]).length).toBeGreaterThan(0);
    for (const w of r.warnings as unknown[]) expect(w).toBeTypeOf('string');
  }
  expect(r.file).toBeTypeOf('string');
  for (const k of ['width', 'height']) {
    expect(Number.isInteger(r[k]) && (r[k] as number) > 0, `${k} is a positive integer`).toBe(true);
  }
  expect(Array.isArray(r.faces)).toBe(true);
  const faces = r.faces as Record<string, unknown>[];
  faces.forEach((face, i) => {
    const where = `faces[${i}]`;
    expectKeys(
      face,
      face.landmarks === undefined ? ['box', 'score'] : ['box', 'score', 'points', 'landmarks'],
      where,
    );
    expectKeys(face.box, ['x', 'y', 'width', 'height'], `${where}.box`);
    const box = face.box as Record<string, number>;
    for (const k of ['x', 'y', 'width', 'height']) expectFinite(box[k], `${where}.box.${k}`);
    expect(box.width! > 0 && box.height! > 0, `${where}.box has a positive size`).toBe(true);
    expectFinite(face.score, `${where}.score`);
    expect(face.score as number).toBeGreaterThanOrEqual(0);
    expect(face.score as number).toBeLessThanOrEqual(1);
    if (i > 0) expect(face.score as number).toBeLessThanOrEqual(faces[i - 1]!.score as number);
    if (face.landmarks !== undefined) {
      expectKeys(face.landmarks, LANDMARKS, `${where}.landmarks`);
      const points = face.points as Record<string, unknown>[];
      expect(points.map((p) => p.name)).toEqual(LANDMARKS);
      for (const [k, name] of LANDMARKS.entries()) {
        const point = (face.landmarks as Record<string, unknown>)[name];
        expectPoint(point, `${where}.landmarks.${name}`);
        // The points are the landmarks, named.
        expect({ ...points[k], name: undefined }).toEqual({ ...(point as object), name: undefined });
      }
    }
  });
  expectKeys(r.timing, ['decodeMs', 'totalMs', 'stages'], 'timing');
  const timing = r.timing as Record<string, unknown>;
  for (const k of ['decodeMs', 'totalMs']) {
    expectFinite(timing[k], `timing.${k}`);
    expect(timing[k] as number).toBeGreaterThanOrEqual(0);
  }
  const stages = timing.stages as Record<string, Record<string, number>>;
  expect(typeof stages).toBe('object');
  expect(Object.keys(stages).length).toBeGreaterThanOrEqual(1);
  for (const [name, report] of Object.entries(stages)) {
    expect(STAGES).toContain(name);
    expectKeys(report, ['ms', 'candidatesIn', 'candidatesOut'], `timing.stages.${name}`);
    expectFinite(report.ms, `timing.stages.${name}.ms`);
    for (const k of ['candidatesIn', 'candidatesOut']) {
      expect(Number.isInteger(report[k]) && report[k]! >= 0, `${name}.${k} is a count`).toBe(true);
    }
  }
  if (withCrops) {
    const crops = r.crops as Record<string, unknown>[];
    expect(crops.map((c) => c.face)).toEqual(faces.map((_, k) => k));
    for (const crop of crops) {
      expect(crop.path).toBeTypeOf('string');
      if (crop.matrix !== undefined) {
        expectKeys(crop, ['face', 'path', 'matrix'], 'crop');
        expect((crop.matrix as number[]).length).toBe(6);
      } else {
        expectKeys(crop, ['face', 'path', 'region'], 'crop');
        expectKeys(crop.region, ['x', 'y', 'width', 'height'], 'crop.region');
      }
    }
  }
}

/** Checks an error record: exactly `file` and `error: { code, message }`. */
export function expectErrorRecord(record: unknown, file: string, code: string): void {
  expectKeys(record, ['file', 'error'], 'error record');
  const r = record as { file: string; error: { code: string; message: string } };
  expect(r.file).toBe(file);
  expectKeys(r.error, ['code', 'message'], 'error');
  expect(r.error.code).toBe(code);
  expect(r.error.message.length).toBeGreaterThan(0);
}
