// The trainer's command line in process: help, one-line usage errors (exit 2), typed errors (exit 1), and the
// steps that need no mining or fitting (plot; export's refusal before a fit).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT_FAILED, EXIT_USAGE, main } from './cli.js';
import { DEFAULT_EPOCHS, epochsFor, parseTrainArgs } from './cli-options.js';
import type { Curves } from './curves-data.js';
import { exportStage } from './export.js';
import { stageGraph } from './stage-graph.js';

const dir = mkdtempSync(join(tmpdir(), 'mtcnn-train-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await main(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
  });
  return { status, stdout, stderr };
}

describe('train command line', () => {
  it('prints its usage for --help', async () => {
    const { status, stdout } = await run('--help');
    expect(status).toBe(0);
    for (const command of [
      'mine',
      'fit',
      'export',
      'plot',
      'all',
      '--scratch',
      '--holdout-every',
      '--resume',
    ]) {
      expect(stdout).toContain(command);
    }
  });

  it.each([
    [[], /a command is needed/],
    [['train'], /unknown command "train"/],
    [['fit'], /fit needs --stage/],
    [['fit', '--stage', 'qnet'], /"qnet" is not a stage/],
    [['mine', '--stage', 'pnet'], /mine needs --data/],
    [['all'], /all needs --data/],
    [['all', '--data', 'd', '--stage', 'pnet'], /leave out --stage/],
    [['fit', '--stage', 'pnet', '--epochs', '0'], /--epochs takes a whole number ≥ 1, got "0"/],
    [['fit', '--stage', 'pnet', '--batch', '12.5'], /--batch takes a whole number/],
    [['fit', '--stage', 'pnet', '--lr=-1'], /--lr takes a positive number, got "-1"/],
    [['fit', '--stage', 'pnet', '--lr', 'fast'], /--lr takes a positive number/],
    [['all', '--data', 'd', '--scratch', 'pnet,xnet'], /--scratch: "xnet" is not a stage/],
    [['fit', '--stage', 'pnet', '--frobnicate'], /frobnicate/],
    [['plot', 'extra'], /unexpected argument "extra"/],
  ])('%j is a usage error on one line, exit 2', async (argv, pattern) => {
    const { status, stderr } = await run(...(argv as string[]));
    expect(status).toBe(EXIT_USAGE);
    expect(stderr).toMatch(pattern);
    expect(stderr).toMatch(/^mtcnn-train: .*\(see --help\)\n$/);
  });

  it('reads flags with their defaults: resume on for all only, epochs by init', () => {
    const all = parseTrainArgs(['all', '--data', 'd', '--scratch', 'pnet,rnet']);
    expect(all.resume).toBe(true);
    expect(all.stages).toEqual(['pnet', 'rnet', 'onet']);
    expect([...all.scratch]).toEqual(['pnet', 'rnet']);
    expect(all.holdoutEvery).toBe(10);
    expect(all.batch).toBe(384);
    expect(epochsFor(all, 'pnet')).toBe(DEFAULT_EPOCHS.scratch.pnet);
    expect(epochsFor(all, 'onet')).toBe(DEFAULT_EPOCHS.released.onet);
    expect(parseTrainArgs(['all', '--data', 'd', '--no-resume']).resume).toBe(false);
    const fit = parseTrainArgs(['fit', '--stage', 'rnet', '--epochs', '3', '--lr', '0.01', '--seed', '7']);
    expect([fit.resume, fit.stages, fit.epochs, fit.lr, fit.seed, fit.work]).toEqual([
      false,
      ['rnet'],
      3,
      0.01,
      7,
      'train-work',
    ]);
    expect(epochsFor(fit, 'rnet')).toBe(3);
    expect(
      parseTrainArgs(['mine', '--stage', 'pnet', '--data', 'd', '--holdout-every', '0']).holdoutEvery,
    ).toBe(0);
  });

  it('export before a fit is a typed error on one line, exit 1', async () => {
    const { status, stderr } = await run('export', '--stage', 'rnet', '--work', join(dir, 'empty'));
    expect(status).toBe(EXIT_FAILED);
    expect(stderr).toMatch(
      /^mtcnn-train: TrainError NOT_FITTED: rnet has not been fitted in .* run fit first\n$/,
    );
  });

  it('plot draws every stage with curves into <work>/curves, and says so when there are none', async () => {
    const work = join(dir, 'work');
    const loss = (step: number) => ({
      total: 1 / (1 + step / 10),
      face: 0.7 / (1 + step / 10),
      box: 0.6 / (1 + step / 10),
      landmarks: 0,
      faceAccuracy: 0.9 - 0.3 / (1 + step / 10),
    });
    const curves: Curves = {
      format: 'mtcnn-curves/1',
      stage: 'pnet',
      init: 'scratch',
      batchSize: 384,
      steps: Array.from({ length: 60 }, (_, i) => ({
        ...loss(i + 1),
        step: i + 1,
        epoch: Math.ceil((i + 1) / 20),
        learningRate: 0.01,
      })),
      epochs: [1, 2, 3].map((epoch) => ({
        epoch,
        step: 20 * epoch,
        learningRate: 0.01,
        train: loss(20 * epoch),
        validation: { ...loss(20 * epoch), samples: 50 },
        samplesPerSecond: 1000,
      })),
    };
    mkdirSync(join(work, 'fit', 'pnet'), { recursive: true });
    writeFileSync(join(work, 'fit', 'pnet', 'curves.json'), JSON.stringify(curves));
    const { status, stderr } = await run('plot', '--work', work);
    expect(status, stderr).toBe(0);
    expect(stderr).toContain('pnet curves:');
    expect(existsSync(join(work, 'curves', 'rnet.svg'))).toBe(false);
    const png = await sharp(join(work, 'curves', 'pnet.png')).metadata();
    expect([png.format, png.width]).toEqual(['png', 960]);

    const missing = await run('plot', '--work', work, '--stage', 'onet');
    expect(missing.status).toBe(EXIT_FAILED);
    expect(missing.stderr).toMatch(
      /^mtcnn-train: TrainError NO_CURVES: no curves for onet: .* \(run fit first\)\n$/,
    );
  });

  it('all skips the stages already exported as configured (epochs, init), and redoes one configured otherwise', async () => {
    const work = join(dir, 'done');
    for (const stage of ['pnet', 'rnet', 'onet'] as const) {
      await exportStage({
        stage,
        initializers: stageGraph(stage).initializers,
        out: join(work, 'models'),
        info: {
          dataset: 'd',
          init: 'released',
          epochs: DEFAULT_EPOCHS.released[stage],
          samples: 0,
          finalLosses: { total: 0, face: 0, box: 0, faceAccuracy: 1 },
        },
      });
    }
    const { status, stderr } = await run('all', '--data', join(dir, 'no-dataset'), '--work', work);
    expect(status, stderr).toBe(0);
    expect(stderr).toBe(
      'pnet: exported before, skipped\nrnet: exported before, skipped\nonet: exported before, skipped\n',
    );
    // Asked for other epochs, P-Net is not the model exported: its steps run (and find no dataset here).
    const again = await run('all', '--data', join(dir, 'no-dataset'), '--work', work, '--epochs', '2');
    expect(again.status).toBe(EXIT_FAILED);
    expect(again.stderr).not.toContain('pnet: exported before');
  });

  it('runs as a program: the built bin (turbo builds it before the tests) exits 2 on a usage error', () => {
    const bin = new URL('../dist/cli.js', import.meta.url);
    const ran = spawnSync(process.execPath, [bin.pathname, 'fit', '--stage', 'pnet', '--epochs', 'ten'], {
      encoding: 'utf8',
    });
    expect(ran.status).toBe(EXIT_USAGE);
    expect(ran.stderr).toBe('mtcnn-train: --epochs takes a whole number ≥ 1, got "ten" (see --help)\n');
    const help = spawnSync(process.execPath, [bin.pathname, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: pnpm train <command>/);
  });
});
