// Building twice gives byte-identical files (no timestamps, stable ordering).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeModel } from './build.js';
import { writeEmbedderModel } from './embedders.js';
import { embedders, sha256, stages } from './source.js';

describe('determinism', () => {
  const dirs = [
    mkdtempSync(join(tmpdir(), 'mtcnn-weights-a-')),
    mkdtempSync(join(tmpdir(), 'mtcnn-weights-b-')),
  ];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it.each(stages)('%s builds to the same bytes twice', (stage) => {
    const [a, b] = dirs.map((d) => writeModel(stage, d));
    const files = dirs.map((d) => readFileSync(join(d, `${stage}.onnx`)));
    expect(sha256(files[0]!)).toBe(a!.sha256);
    expect(sha256(files[1]!)).toBe(b!.sha256);
    expect(a!.sha256).toBe(b!.sha256);
    for (const form of Object.values(a!.forms)) {
      const bytes = dirs.map((d) => sha256(readFileSync(join(d, form.file))));
      expect(bytes).toEqual([form.sha256, form.sha256]);
    }
    const infos = dirs.map((d) => readFileSync(join(d, 'model-info.json'), 'utf8'));
    expect(infos[0]).toBe(infos[1]);
  });

  it.each(embedders)('%s builds to the same bytes twice', (embedder) => {
    const [a, b] = dirs.map((d) => writeEmbedderModel(embedder, d));
    const files = dirs.map((d) => sha256(readFileSync(join(d, `${embedder}.onnx`))));
    expect(files).toEqual([a!.sha256, a!.sha256]);
    expect(b!.sha256).toBe(a!.sha256);
    for (const form of Object.values(a!.forms)) {
      const bytes = dirs.map((d) => sha256(readFileSync(join(d, form.file))));
      expect(bytes).toEqual([form.sha256, form.sha256]);
    }
    const infos = dirs.map((d) => readFileSync(join(d, 'model-info.json'), 'utf8'));
    expect(infos[0]).toBe(infos[1]);
  });
});
