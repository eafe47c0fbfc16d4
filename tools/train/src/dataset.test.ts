import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDataset, MIN_POSITIVE_FACE } from './dataset.js';
import { isTrainError } from './train-error.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A dataset folder with the given ground truth (raw text or a value) and empty image files for `images`. */
function dataset(groundTruth: unknown, images: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'mtcnn-dataset-'));
  dirs.push(dir);
  if (groundTruth !== undefined) {
    const text = typeof groundTruth === 'string' ? groundTruth : JSON.stringify(groundTruth);
    writeFileSync(join(dir, 'ground-truth.json'), text);
  }
  for (const image of images) {
    mkdirSync(join(dir, 'images', image, '..'), { recursive: true });
    writeFileSync(join(dir, 'images', image), '');
  }
  return dir;
}

function photo(file: string, faces: unknown[] = []) {
  return { file, width: 640, height: 480, faces };
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (isTrainError(error)) return `${error.code}: ${error.message}`;
    throw error;
  }
  return undefined;
}

describe('loadDataset', () => {
  it('reads the layout, marks which faces give positives, and holds out every k-th photo', () => {
    const files = Array.from({ length: 12 }, (_, i) => `event/p${i}.jpg`);
    const gt = files.map((file) =>
      photo(file, [
        { x: 10, y: 20, w: 40, h: 50, blur: 0 },
        { x: 100, y: 100, w: 19, h: 12 },
        { x: 200, y: 100, w: 8, h: 20 },
        { x: 300, y: 100, w: 60, h: 60, invalid: 1 },
      ]),
    );
    const set = loadDataset(dataset(gt, files), { holdoutEvery: 5 });
    expect(set.photos).toHaveLength(12);
    expect(set.holdout.map((p) => p.index)).toEqual([0, 5, 10]);
    expect(set.training.map((p) => p.index)).toEqual([1, 2, 3, 4, 6, 7, 8, 9, 11]);
    expect(set.problems).toEqual([]);
    const faces = set.photos[0]!.faces;
    expect(faces[0]).toEqual({ box: [10, 20, 50, 70], invalid: false, usable: true });
    // Under MIN_POSITIVE_FACE on the longer side: kept (it counts for negatives) but not a positive source.
    expect(MIN_POSITIVE_FACE).toBe(20);
    expect(faces[1]!.usable).toBe(false);
    expect(faces[2]!.usable).toBe(true);
    expect(faces[3]).toMatchObject({ invalid: true, usable: false });
    expect(set.photos[3]!.path).toBe(join(set.dir, 'images', 'event/p3.jpg'));
    expect(loadDataset(set.dir).holdout).toEqual([]);
  });

  it('reports a missing image and leaves the photo out instead of failing', () => {
    const set = loadDataset(dataset([photo('a.jpg'), photo('b.jpg'), photo('c.jpg')], ['a.jpg', 'c.jpg']));
    expect(set.training.map((p) => p.file)).toEqual(['a.jpg', 'c.jpg']);
    expect(set.problems).toHaveLength(1);
    expect(set.problems[0]).toMatchObject({ file: 'b.jpg', code: 'MISSING_IMAGE' });
  });

  it('names the problem of a bad layout with a typed error', () => {
    expect(codeOf(() => loadDataset(dataset(undefined)))).toMatch(
      /^MISSING_GROUND_TRUTH: .*ground-truth\.json/,
    );
    expect(codeOf(() => loadDataset(dataset('[{"file": "a.jpg",')))).toMatch(/^BAD_GROUND_TRUTH: .*JSON/);
    expect(codeOf(() => loadDataset(dataset({ file: 'a.jpg' })))).toMatch(/^BAD_GROUND_TRUTH: .*array/);
    expect(codeOf(() => loadDataset(dataset([{ file: 'a.jpg', width: 0, height: 5, faces: [] }])))).toMatch(
      /^BAD_GROUND_TRUTH: .*\[0\] \(a\.jpg\): width/,
    );
    expect(codeOf(() => loadDataset(dataset([{ width: 5, height: 5, faces: [] }])))).toMatch(
      /^BAD_GROUND_TRUTH: .*file/,
    );
    const bad = (face: unknown) =>
      codeOf(() => loadDataset(dataset([photo('ok.jpg'), photo('a.jpg', [face])])));
    expect(bad({ x: 1, y: 2, w: -4, h: 5 })).toMatch(/^BAD_FACE: .*\[1\] \(a\.jpg\) face 0: negative size/);
    expect(bad({ x: 1, y: 2, w: null, h: 5 })).toMatch(/^BAD_FACE: .*w must be a finite number/);
    expect(bad({ x: 1, y: '2', w: 3, h: 5 })).toMatch(/^BAD_FACE: .*y must be a finite number/);
    expect(bad([1, 2, 3, 4])).toMatch(/^BAD_FACE: /);
    expect(codeOf(() => loadDataset(dataset([]), { holdoutEvery: 1 }))).toMatch(
      /^INVALID_OPTION: holdoutEvery/,
    );
  });
});
