// `train all` end to end on data the repository ships: the six sample photos with their reference detections as
// ground truth. One epoch a stage cannot make a detector (that takes the WIDER photos and minutes); what this
// proves is the cascade of steps: each stage mined from the previous stage's trained model, fitted, exported,
// plotted, and the folder loaded by the detector; a rerun skips it all.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { samplePath } from '@mtcnn/fixtures';
import { createDetector } from 'mtcnn';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from './cli.js';
import type { SampleSetInfo } from './sample-set.js';
import { sampleDataset } from './test-support.js';

const work = mkdtempSync(join(tmpdir(), 'mtcnn-train-all-'));
const data = sampleDataset();
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(data, { recursive: true, force: true });
});

async function train(...argv: string[]): Promise<{ status: number; log: string }> {
  let log = '';
  const write = (t: string) => {
    log += t;
  };
  const status = await main(argv, { stdout: { write }, stderr: { write } });
  return { status, log };
}

describe('train all', () => {
  it('mines, fits, exports and plots P-Net, R-Net and O-Net in order, and a rerun skips them', async () => {
    const args = [
      'all',
      '--data',
      data,
      '--work',
      work,
      '--holdout-every',
      '0',
      '--epochs',
      '1',
      '--batch',
      '64',
    ];
    const first = await train(...args, '--scratch', 'pnet,rnet');
    expect(first.status, first.log).toBe(0);
    for (const stage of ['pnet', 'rnet', 'onet']) {
      for (const file of [`${stage}.onnx`, `${stage}.nchwc.onnx`, `${stage}.json`]) {
        expect(existsSync(join(work, 'models', file)), file).toBe(true);
      }
      expect(existsSync(join(work, 'curves', `${stage}.png`))).toBe(true);
    }
    // R-Net's and O-Net's crops came from the trained stages before them, and the provenance says so.
    const provenance = (stage: string) =>
      (JSON.parse(readFileSync(join(work, 'samples', stage, 'samples.json'), 'utf8')) as SampleSetInfo)
        .provenance;
    expect(provenance('rnet')).toMatch(/trained pnet/);
    expect(provenance('onet')).toMatch(/trained pnet.*trained rnet/);
    const info = JSON.parse(readFileSync(join(work, 'models', 'onet.json'), 'utf8'));
    expect(JSON.stringify(info)).toMatch(/released/);

    // The folder drops into the detector: it loads and runs (one epoch finds no faces worth asserting).
    const detector = await createDetector({ models: join(work, 'models') });
    try {
      expect(Array.isArray(await detector.detect(samplePath('sample1.jpg')))).toBe(true);
    } finally {
      await detector.dispose();
    }

    const again = await train(...args, '--scratch', 'pnet,rnet');
    expect(again.status, again.log).toBe(0);
    for (const stage of ['pnet', 'rnet', 'onet'])
      expect(again.log).toContain(`${stage}: exported before, skipped`);
    expect(again.log).not.toMatch(/mine|fit {2}epoch/);
  });
});
