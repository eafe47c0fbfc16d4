import { readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mineStage, miningSummary, spreadEvenly } from './mine-stage.js';
import { readSampleSet, SampleLabel } from './sample-set.js';
import { sampleDataset } from './test-support.js';
import { isTrainError } from './train-error.js';

const datasetDir = sampleDataset();
const out = join(tmpdir(), `mtcnn-mined-pnet-${process.pid}`);
afterAll(() => {
  rmSync(datasetDir, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
});

describe('mineStage for P-Net on the sample photos', () => {
  it('writes 12-px samples at the recipe’s rates, reproducibly from the seed', async () => {
    const first = await mineStage({
      stage: 'pnet',
      dataset: datasetDir,
      out: join(out, 'a'),
      holdoutEvery: 0,
      seed: 9,
    });
    // 23 faces, all usable: 50 random negatives per photo plus up to 5 near each face; up to 20 shifted per face.
    expect(first.size).toBe(12);
    expect(first.counts.negative).toBeGreaterThanOrEqual(6 * 50);
    expect(first.counts.negative).toBeLessThanOrEqual(6 * 50 + 23 * 5);
    expect(first.counts.positive + first.counts.part).toBeLessThanOrEqual(23 * 20);
    expect(first.counts.positive).toBeGreaterThan(23);
    expect(first.counts.landmark).toBe(0);
    expect(miningSummary(first, 1.25)).toMatch(
      /^12-px samples: \d+ in 1\.3 s: negative \d+ \(\d+\.\d %\), positive/,
    );
    const again = await mineStage({
      stage: 'pnet',
      dataset: datasetDir,
      out: join(out, 'b'),
      holdoutEvery: 0,
      seed: 9,
    });
    expect(again).toEqual(first);
    for (const file of ['images.u8', 'labels.i8', 'boxes.f32']) {
      expect(readFileSync(join(out, 'b', file)).equals(readFileSync(join(out, 'a', file)))).toBe(true);
    }
    const set = readSampleSet(join(out, 'a'));
    // Box targets: zeros for negatives; for positives (IoU > 0.65 with their face) every offset under half the crop.
    for (let i = 0; i < set.count; i++) {
      const box = Array.from(set.boxes.subarray(4 * i, 4 * i + 4));
      if (set.labels[i] === SampleLabel.negative) expect(box).toEqual([0, 0, 0, 0]);
      if (set.labels[i] === SampleLabel.positive) expect(Math.max(...box.map(Math.abs))).toBeLessThan(0.5);
      if (set.labels[i] === SampleLabel.part) expect(Math.max(...box.map(Math.abs))).toBeLessThan(1);
    }
  });

  it('skips a photo that cannot be decoded, reports it, and goes on', async () => {
    // limit 3 of the six photos takes every second one: sample1, sample3, sample5.
    const broken = join(datasetDir, 'images', 'sample3.jpg');
    unlinkSync(broken);
    writeFileSync(broken, 'not a jpeg');
    const skipped: string[] = [];
    const progress: number[] = [];
    const info = await mineStage({
      stage: 'pnet',
      dataset: datasetDir,
      out: join(out, 'c'),
      holdoutEvery: 0,
      limit: 3,
      onSkip: (file) => skipped.push(file),
      onProgress: (done) => progress.push(done),
    });
    expect(skipped).toEqual(['sample3.jpg']);
    expect(progress).toEqual([1, 2, 3]);
    expect(info.counts.negative).toBeGreaterThanOrEqual(2 * 50);
    expect(info.counts.negative).toBeLessThan(3 * 50);
  });

  it('spreads a limit evenly over the photos, in order', () => {
    expect(spreadEvenly([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 4)).toEqual([0, 2, 5, 7]);
    expect(spreadEvenly([0, 1, 2], 5)).toEqual([0, 1, 2]);
    expect(spreadEvenly([0, 1, 2], undefined)).toEqual([0, 1, 2]);
    expect(spreadEvenly([0, 1, 2], 0)).toEqual([]);
  });

  it('names a bad option', async () => {
    for (const options of [
      { stage: 'xnet' },
      { stage: 'pnet', limit: -1 },
      { stage: 'pnet', holdoutEvery: 1 },
    ]) {
      const error = await mineStage({ dataset: datasetDir, out: join(out, 'd'), ...options } as never).catch(
        (e) => e,
      );
      expect(isTrainError(error, 'INVALID_OPTION'), String(error)).toBe(true);
    }
  });
});
