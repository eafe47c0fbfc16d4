import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandInputs, hasImageExtension } from './inputs.js';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mtcnn-inputs-'));
  await mkdir(join(root, 'photos', 'b', 'deeper'), { recursive: true });
  await mkdir(join(root, 'photos', 'a'));
  await mkdir(join(root, 'nothing'));
  for (const f of [
    'photos/z.JPG',
    'photos/a/x.png',
    'photos/b/y.webp',
    'photos/b/deeper/w.tiff',
    'photos/notes.txt',
  ]) {
    await writeFile(join(root, f), '');
  }
  await writeFile(join(root, 'nothing', 'readme.md'), '');
  // A link back up must not loop.
  await symlink(join(root, 'photos'), join(root, 'photos', 'b', 'loop'));
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('hasImageExtension', () => {
  it('knows the image extensions in any case', () => {
    for (const name of ['a.jpg', 'a.JPEG', 'a.png', 'a.webp', 'a.gif', 'a.tif', 'a.TIFF', 'a.avif']) {
      expect(hasImageExtension(name), name).toBe(true);
    }
    for (const name of ['a.txt', 'a', 'jpg', 'a.jpg.bak']) expect(hasImageExtension(name), name).toBe(false);
  });
});

describe('expandInputs', () => {
  it('walks directories recursively for images, sorted, once each, without looping on links', async () => {
    const { files, emptyDirectories } = await expandInputs([join(root, 'photos')]);
    expect(files.map((f) => f.slice(root.length + 1))).toEqual([
      'photos/a/x.png',
      'photos/b/deeper/w.tiff',
      'photos/b/y.webp',
      'photos/z.JPG',
    ]);
    expect(emptyDirectories).toEqual([]);
  });

  it('keeps files as given (any extension, missing ones too), in order, without duplicates', async () => {
    const notes = join(root, 'photos', 'notes.txt');
    const missing = join(root, 'missing.jpg');
    const x = join(root, 'photos', 'a', 'x.png');
    const { files } = await expandInputs([notes, missing, join(root, 'photos', 'a'), x]);
    expect(files).toEqual([notes, missing, x]);
  });

  it('reports directories without images', async () => {
    const { files, emptyDirectories } = await expandInputs([join(root, 'nothing')]);
    expect(files).toEqual([]);
    expect(emptyDirectories).toEqual([join(root, 'nothing')]);
  });

  it('keeps URLs and - (stdin) as given, once each', async () => {
    const url = 'https://example.com/photos/a.jpg';
    const { files } = await expandInputs(['-', url, '-', url, 'http:nothing']);
    expect(files).toEqual(['-', url, 'http:nothing']);
  });
});
