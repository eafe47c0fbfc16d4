import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type Checkpoint,
  checkpointsDir,
  latestCheckpoint,
  latestCheckpointDir,
  readCheckpoint,
  saveCheckpoint,
} from './checkpoint.js';
import { emptyCurves } from './curves-data.js';
import { fitStage } from './fit.js';
import { Random } from './random.js';
import { SampleSetWriter } from './sample-set.js';
import { TrainError } from './train-error.js';

const root = mkdtempSync(join(tmpdir(), 'mtcnn-ckpt-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function checkpoint(
  epoch: number,
  run = { stage: 'pnet', samples: 40, batchSize: 8, seed: 1, init: 'scratch' },
): Checkpoint {
  const rng = new Random(epoch);
  const t = (name: string, dims: number[]) => ({
    name,
    dims,
    data: Float32Array.from({ length: dims.reduce((a, b) => a * b, 1) }, () => rng.normal()),
  });
  return {
    state: {
      format: 'mtcnn-checkpoint/1',
      epoch,
      step: epoch * 5,
      random: rng.state,
      run,
      stepSeconds: 1.5,
      stepSamples: 40 * epoch,
      seconds: 2,
      curves: emptyCurves('pnet', 'scratch', 8),
    },
    weights: [t('a', [2, 3, 1, 1]), t('b', [2])],
    momentum: [t('a', [2, 3, 1, 1]), t('b', [2])],
  };
}

describe('checkpoints', () => {
  it('read back what was saved, bit for bit; the latest is the highest finished epoch', () => {
    const work = join(root, 'roundtrip');
    const one = checkpoint(1);
    const two = checkpoint(2);
    saveCheckpoint(work, one);
    saveCheckpoint(work, two);
    // A half-written one (a crash during the save) is not a checkpoint.
    mkdirSync(join(checkpointsDir(work), 'epoch-0003.tmp'));
    expect(latestCheckpointDir(work)).toBe(join(checkpointsDir(work), 'epoch-0002'));
    expect(latestCheckpoint(work)).toEqual(two);
    expect(readCheckpoint(join(checkpointsDir(work), 'epoch-0001'))).toEqual(one);
    expect(latestCheckpoint(join(root, 'none'))).toBeUndefined();
  });

  it('are not resumed by a run with other settings', async () => {
    const work = join(root, 'other');
    const samples = join(root, 'samples');
    const writer = new SampleSetWriter(samples, 12, 'test: blank crops');
    for (let i = 0; i < 40; i++) writer.add({ image: new Uint8Array(12 * 12 * 3), label: i % 2 ? 1 : 0 });
    writer.close();
    saveCheckpoint(work, checkpoint(1));
    const options = {
      stage: 'pnet',
      samples,
      work,
      init: 'scratch',
      epochs: 2,
      batchSize: 8,
      resume: true,
    } as const;
    await expect(fitStage({ ...options, seed: 2 })).rejects.toThrow(TrainError);
    await expect(fitStage({ ...options, seed: 1, stage: 'rnet' })).rejects.toThrow(/24-px/);
  });
});
