// The recognition commands end to end (embed, enroll, identify, verify) from the built bin, with the real models, on
// a folder-per-person dataset made at test time from the sample photos (see recognition-dataset.ts: each person's
// images are views of one photo). About 15 s on two cores.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDataset, type Dataset, PEOPLE } from './recognition-dataset.js';
import { type CliResult, expectErrorRecord, readRgb, runCli } from './support.js';

const EXIT_FAILED = 1;
const EXIT_USAGE = 2;
const MOBILEFACENET_SIZE = 192;
const DLIB_SIZE = 128;
/** Float32 embeddings written as JSON numbers: unit length up to float32 rounding. */
const UNIT_TOLERANCE = 1e-5;
/**
 * `embed --aligned` on `mtcnn align`'s 112 px arcface crop against `embed` on the photo: the same alignment, but
 * the crop went through PNG's 8-bit rounding, so the two embeddings agree closely, not exactly.
 */
const ALIGNED_AGREEMENT = 0.99;
/** A face and its mirror image embed alike, so their fused embedding stays near the plain one. */
const FLIP_AGREEMENT = 0.9;

let dir: string;
let data: Dataset;
let enroll: CliResult;
let gallery: string;
let enrollRecords: Record<string, unknown>[];

const norm = (v: readonly number[]) => Math.hypot(...v);
const dot = (a: readonly number[], b: readonly number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);
const jsonLines = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtcnn-recognition-'));
  data = await buildDataset(dir);
  gallery = join(dir, 'gallery.json');
  const records = join(dir, 'enroll.json');
  enroll = await runCli(['enroll', data.root, '--gallery', gallery, '--json', records]);
  enrollRecords = JSON.parse(await readFile(records, 'utf8')) as Record<string, unknown>[];
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('mtcnn enroll', () => {
  it('writes the gallery (with the model id) and exits 1 because one image could not be read', async () => {
    expect(enroll.code).toBe(EXIT_FAILED);
    const json = JSON.parse(await readFile(gallery, 'utf8')) as {
      format: string;
      embedderId: string;
      embeddingSize: number;
      identities: { label: string; embeddings: number[][] }[];
    };
    expect(json.format).toBe('mtcnn-face-gallery');
    expect(json.embedderId).toMatch(/^mobilefacenet-/);
    expect(json.embeddingSize).toBe(MOBILEFACENET_SIZE);
    const counts = Object.fromEntries(json.identities.map((i) => [i.label, i.embeddings.length]));
    expect(counts).toEqual({ anna: 3, ben: 3, carla: 3, crowd: 1, dev: 3, erin: 1 });
  });

  it('reports on stderr what it could not use: the broken file, the image without a face, several faces, one-image people', () => {
    const err = enroll.stderr;
    expect(err).toContain(data.broken);
    expect(err).toMatch(/\[INVALID_IMAGE\]/);
    expect(err).toContain(`no face found in ${data.noFace}`);
    expect(err).toMatch(
      new RegExp(`\\d faces in ${data.crowd}: enrolled the largest \\(--multiple-faces largest\\)`),
    );
    expect(err).toMatch(/erin has a single usable image/);
    expect(err).toMatch(/crowd has a single usable image/);
  });

  it('writes one record per image and a summary record', () => {
    const summary = enrollRecords.at(-1) as Record<string, unknown>;
    const images = enrollRecords.slice(0, -1);
    expect(images).toHaveLength(16);
    const byFile = new Map(images.map((r) => [r.file as string, r]));
    // An error record as detect's, plus the person it belongs to.
    const { label, ...brokenRecord } = byFile.get(data.broken)!;
    expect(label).toBe('ben');
    expectErrorRecord(brokenRecord, data.broken, 'INVALID_IMAGE');
    expect(byFile.get(data.noFace)).toEqual({ file: data.noFace, label: 'anna', status: 'no-face' });
    expect(byFile.get(data.crowd)).toMatchObject({ label: 'crowd', status: 'enrolled' });
    expect((byFile.get(data.crowd)!.faces as number) > 1).toBe(true);
    expect(images.filter((r) => r.status === 'enrolled')).toHaveLength(14);
    expect(summary).toMatchObject({
      dataset: data.root,
      gallery,
      multipleFaces: 'largest',
      images: 16,
      enrolled: 14,
      singleImage: ['crowd', 'erin'],
      noUsableImage: [],
    });
  });

  it('refuses a DATASET that is not a folder (exit 2)', async () => {
    const run = await runCli(['enroll', data.broken, '--gallery', join(dir, 'x.json')]);
    expect(run.code).toBe(EXIT_USAGE);
    expect(run.stderr).toMatch(/is not a folder/);
  });
});

describe('mtcnn identify', () => {
  it('names every held-out view, calls the stranger unknown, and draws the names', async () => {
    const out = join(dir, 'identify.json');
    const drawn = join(dir, 'named');
    const run = await runCli([
      'identify',
      ...Object.values(data.heldOut),
      data.stranger,
      '--gallery',
      gallery,
      '--json',
      out,
      '--draw',
      drawn,
    ]);
    expect(run.code).toBe(0);
    const records = JSON.parse(await readFile(out, 'utf8')) as {
      file: string;
      faces: { identity: Record<string, unknown> }[];
    }[];
    const labels = Object.keys(PEOPLE);
    let correct = 0;
    for (const [i, label] of labels.entries()) {
      const [face] = records[i]!.faces;
      expect(face?.identity).toMatchObject({ metric: 'cosine', nearest: label });
      if (face?.identity.label === label) correct++;
      // The right identity beats the next one clearly.
      expect(face!.identity.margin as number).toBeGreaterThan(0.2);
    }
    expect(correct / labels.length).toBe(1);
    const stranger = records[labels.length]!.faces[0]!.identity;
    expect(stranger.label).toBeNull();
    expect(stranger.similarity as number).toBeLessThan(stranger.threshold as number);
    // The held-out views are WebP: their annotated copies are too.
    const copies = (await readdir(drawn)).sort();
    expect(copies).toEqual([...labels, 'stranger'].map((l) => `${l}.webp`));
    const image = await readRgb(join(drawn, 'anna.webp'));
    expect(image.width).toBeGreaterThan(0);
  });

  it('--threshold overrides the calibrated one: at 0.999 even the enrolled people are unknown', async () => {
    const run = await runCli([
      'identify',
      data.heldOut.anna!,
      '--gallery',
      gallery,
      '--jsonl',
      '--threshold',
      '0.999',
    ]);
    expect(run.code).toBe(0);
    const [record] = jsonLines(run.stdout) as { faces: { identity: Record<string, unknown> }[] }[];
    expect(record!.faces[0]!.identity).toMatchObject({ label: null, nearest: 'anna', threshold: 0.999 });
  });

  it('a bad input in the batch is an error record, exit 1; the others are still identified', async () => {
    const run = await runCli(['identify', data.broken, data.heldOut.ben!, '--gallery', gallery, '--jsonl']);
    expect(run.code).toBe(EXIT_FAILED);
    const records = jsonLines(run.stdout);
    const bad = records.find((r) => r.file === data.broken);
    const good = records.find((r) => r.file === data.heldOut.ben);
    expectErrorRecord(bad, data.broken, 'INVALID_IMAGE');
    expect((good as { faces: { identity: { label: string } }[] }).faces[0]!.identity.label).toBe('ben');
  });

  it("refuses a gallery made by the other embedder (exit 2, naming it); dlib's own gallery works", async () => {
    const dlibGallery = join(dir, 'dlib-gallery.json');
    const made = await runCli(['enroll', data.root, '--gallery', dlibGallery, '--embedder', 'dlib']);
    expect(made.code).toBe(EXIT_FAILED); // the broken file again
    expect(JSON.parse(await readFile(dlibGallery, 'utf8')).embedderId).toMatch(/^dlib-resnet-/);
    const refused = await runCli(['identify', data.heldOut.carla!, '--gallery', dlibGallery]);
    expect(refused.code).toBe(EXIT_USAGE);
    expect(refused.stderr).toMatch(/GALLERY_MISMATCH/);
    expect(refused.stderr).toMatch(/--embedder dlib/);
    expect(refused.stdout).toBe('');
    const run = await runCli([
      'identify',
      data.heldOut.carla!,
      '--gallery',
      dlibGallery,
      '--embedder',
      'dlib',
      '--jsonl',
    ]);
    expect(run.code).toBe(0);
    const [record] = jsonLines(run.stdout) as { faces: { identity: Record<string, unknown> }[] }[];
    expect(record!.faces[0]!.identity).toMatchObject({ label: 'carla', metric: 'euclidean', threshold: 0.6 });
  });

  it('refuses a missing gallery file (exit 2)', async () => {
    const run = await runCli(['identify', data.stranger, '--gallery', join(dir, 'nope.json')]);
    expect(run.code).toBe(EXIT_USAGE);
    expect(run.stderr).toMatch(/cannot read the --gallery file/);
  });
});

describe('mtcnn verify', () => {
  it('same person for two views of anna, different for anna and ben; exit 0 either way', async () => {
    const [same, different] = await Promise.all([
      runCli(['verify', data.annaViews[0]!, data.heldOut.anna!]),
      runCli(['verify', data.annaViews[0]!, data.heldOut.ben!]),
    ]);
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/^same person \(similarity 0\.\d+ ≥ threshold 0\.\d+; distance \d\.\d+\)\n$/);
    expect(different.code).toBe(0);
    expect(different.stdout).toMatch(/^different people \(similarity -?\d\.\d+ < threshold/);
  });

  it('--jsonl gives the record; dlib compares distances; an input without a face or broken fails (exit 1)', async () => {
    const [dlib, noFace, broken] = await Promise.all([
      runCli(['verify', data.annaViews[1]!, data.heldOut.anna!, '--embedder', 'dlib', '--jsonl']),
      runCli(['verify', data.noFace, data.heldOut.anna!, '--jsonl']),
      runCli(['verify', data.heldOut.anna!, data.broken]),
    ]);
    expect(dlib.code).toBe(0);
    const [record] = jsonLines(dlib.stdout);
    expect(record).toMatchObject({ same: true, metric: 'euclidean', threshold: 0.6 });
    expect((record!.a as { file: string }).file).toBe(data.annaViews[1]);
    expect(noFace.code).toBe(EXIT_FAILED);
    expect(noFace.stderr).toMatch(/no face found \[NO_FACE\]/);
    const [failed] = jsonLines(noFace.stdout);
    expectErrorRecord(failed!.a, data.noFace, 'NO_FACE');
    expect(failed!.same).toBeUndefined();
    expect(broken.code).toBe(EXIT_FAILED);
    expect(broken.stdout).toBe('');
    expect(broken.stderr).toMatch(/\[INVALID_IMAGE\]/);
  });

  it('needs exactly two images (exit 2)', async () => {
    const run = await runCli(['verify', data.noFace]);
    expect(run.code).toBe(EXIT_USAGE);
  });
});

describe('mtcnn embed', () => {
  it('records carry unit-length embeddings of the embedder size, per face; a broken input is an error record', async () => {
    const [mfn, dlib, flipped] = await Promise.all([
      runCli(['embed', ...data.annaViews, data.broken, '--jsonl']),
      runCli(['embed', data.annaViews[0]!, '--embedder', 'dlib', '--jsonl']),
      runCli(['embed', data.annaViews[0]!, '--flip', '--jsonl']),
    ]);
    expect(mfn.code).toBe(EXIT_FAILED);
    const records = jsonLines(mfn.stdout) as { file: string; faces: { embedding: number[] }[] }[];
    const byFile = new Map(records.map((r) => [r.file, r]));
    for (const file of data.annaViews) {
      const faces = byFile.get(file)!.faces;
      expect(faces.length).toBeGreaterThan(0);
      for (const face of faces) {
        expect(face.embedding).toHaveLength(MOBILEFACENET_SIZE);
        expect(Math.abs(norm(face.embedding) - 1)).toBeLessThan(UNIT_TOLERANCE);
      }
    }
    expectErrorRecord(byFile.get(data.broken), data.broken, 'INVALID_IMAGE');
    expect(dlib.code).toBe(0);
    const [dlibRecord] = jsonLines(dlib.stdout) as { faces: { embedding: number[] }[] }[];
    expect(dlibRecord!.faces[0]!.embedding).toHaveLength(DLIB_SIZE);
    expect(Math.abs(norm(dlibRecord!.faces[0]!.embedding) - 1)).toBeLessThan(UNIT_TOLERANCE);
    // Flip fusion: still unit length, and close to the plain embedding of the same face (not equal to it).
    expect(flipped.code).toBe(0);
    const [flipRecord] = jsonLines(flipped.stdout) as { faces: { embedding: number[] }[] }[];
    const fused = flipRecord!.faces[0]!.embedding;
    const plain = byFile.get(data.annaViews[0]!)!.faces[0]!.embedding;
    expect(Math.abs(norm(fused) - 1)).toBeLessThan(UNIT_TOLERANCE);
    expect(dot(fused, plain)).toBeGreaterThan(FLIP_AGREEMENT);
    expect(dot(fused, plain)).toBeLessThan(1 - UNIT_TOLERANCE);
  });

  it('--aligned embeds the crops of mtcnn align as { file, embedding }, as embed does from the photo; a crop of the wrong size fails', async () => {
    const photo = data.heldOut.dev!;
    const crops = join(dir, 'crops');
    const facenetCrops = join(dir, 'facenet-crops');
    const [aligned, facenet, direct] = await Promise.all([
      runCli(['align', photo, '--out', crops, '--max-faces', '1']),
      runCli(['align', photo, '--out', facenetCrops, '--template', 'facenet', '--max-faces', '1']),
      runCli(['embed', photo, '--max-faces', '1', '--jsonl']),
    ]);
    expect([aligned.code, facenet.code, direct.code]).toEqual([0, 0, 0]);
    const crop = join(crops, 'dev_face1.png');
    const wrongSize = join(facenetCrops, 'dev_face1.png');
    const run = await runCli(['embed', '--aligned', crop, wrongSize, '--jsonl']);
    expect(run.code).toBe(EXIT_FAILED);
    // --jsonl writes records as inputs finish: find them by file.
    const records = jsonLines(run.stdout) as { file: string; embedding: number[] }[];
    const record = records.find((r) => r.file === crop);
    const bad = records.find((r) => r.file === wrongSize);
    expect(Object.keys(record!).sort()).toEqual(['embedding', 'file']);
    expect(record!.file).toBe(crop);
    expect(record!.embedding).toHaveLength(MOBILEFACENET_SIZE);
    expect(Math.abs(norm(record!.embedding) - 1)).toBeLessThan(UNIT_TOLERANCE);
    const [fromPhoto] = jsonLines(direct.stdout) as { faces: { embedding: number[] }[] }[];
    expect(dot(record!.embedding, fromPhoto!.faces[0]!.embedding)).toBeGreaterThan(ALIGNED_AGREEMENT);
    expectErrorRecord(bad, wrongSize, 'INVALID_IMAGE');
  });

  it('refuses an unknown --embedder and --stages without landmarks (exit 2)', async () => {
    const [embedder, stages] = await Promise.all([
      runCli(['embed', data.stranger, '--embedder', 'arcface']),
      runCli(['embed', data.stranger, '--stages', 'rnet']),
    ]);
    expect(embedder.code).toBe(EXIT_USAGE);
    expect(embedder.stderr).toMatch(/--embedder must be one of mobilefacenet, dlib/);
    expect(stages.code).toBe(EXIT_USAGE);
    expect(stages.stderr).toMatch(/only onet gives/);
  });
});
