// The curves plot: the SVG renders (through sharp's librsvg), draws every series the stage has, and its helpers
// give round ticks and a smoothing that follows the data.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import type { Curves } from './curves-data.js';
import { curvesSvg, niceTicks, plotCurves, smooth } from './curves-plot.js';

const dir = mkdtempSync(join(tmpdir(), 'mtcnn-curves-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A run whose losses fall as 1/(1 + step/k) with deterministic noise, three epochs of `perEpoch` steps. */
function syntheticCurves(stage: Curves['stage'], perEpoch: number): Curves {
  let seed = 7;
  const noise = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31 - 0.5;
  };
  const steps: Curves['steps'] = [];
  for (let step = 1; step <= 3 * perEpoch; step++) {
    const decay = 1 / (1 + step / perEpoch);
    const face = 0.7 * decay + 0.1 * noise();
    const box = 0.3 * decay + 0.05 * noise();
    const landmarks = stage === 'onet' ? 0.2 * decay + 0.03 * noise() : 0;
    steps.push({
      step,
      epoch: Math.ceil(step / perEpoch),
      face,
      box,
      landmarks,
      total: face + 0.5 * box + landmarks,
      faceAccuracy: Math.min(1, 0.6 + 0.35 * (1 - decay) + 0.05 * noise()),
      learningRate: 0.01,
    });
  }
  const epochs = [1, 2, 3].map((epoch) => {
    const point = {
      total: 0.8 / (epoch + 0.5),
      face: 0.5,
      box: 0.2,
      landmarks: 0.1,
      faceAccuracy: 0.75 + 0.05 * epoch,
    };
    return {
      epoch,
      step: epoch * perEpoch,
      learningRate: 0.01,
      train: point,
      validation: { ...point, samples: 100 },
      samplesPerSecond: 1000,
    };
  });
  return { format: 'mtcnn-curves/1', stage, init: 'released', batchSize: 384, steps, epochs };
}

/** How many pixels of the image are within `tolerance` of an RGB colour in each channel. */
async function pixelsNear(png: string, hex: string, tolerance = 40): Promise<number> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const want = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  let count = 0;
  for (let p = 0; p < info.width * info.height; p++) {
    if (want.every((w, c) => Math.abs(data[p * 3 + c]! - w) <= tolerance)) count++;
  }
  return count;
}

describe('plotCurves', () => {
  it('writes an SVG that sharp renders, with each O-Net series, and a PNG showing them', async () => {
    const svgPath = join(dir, 'onet.svg');
    const pngPath = join(dir, 'onet.png');
    await plotCurves(syntheticCurves('onet', 400), svgPath, pngPath);
    const svg = readFileSync(svgPath, 'utf8');
    for (const series of ['total', 'face', 'box', 'landmarks', 'accuracy', 'val-total', 'val-accuracy']) {
      expect(svg).toContain(`data-series="${series}"`);
    }
    // Axes: tick labels, both axis titles, the epoch boundaries and the legend.
    for (const text of [
      'training step',
      'face accuracy',
      'epoch 1',
      'epoch 3',
      'landmarks (step)',
      '>800<',
      '>1.5<',
      '>0.4<',
    ]) {
      expect(svg).toContain(text);
    }
    const meta = await sharp(Buffer.from(svg)).metadata();
    expect([meta.width, meta.height]).toEqual([960, 750]);
    const png = await sharp(pngPath).metadata();
    expect([png.format, png.width, png.height]).toEqual(['png', 960, 750]);
    // Each colour is on the picture: total (near black), face, box, landmarks, validation, accuracy.
    for (const colour of ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd']) {
      expect(await pixelsNear(pngPath, colour), colour).toBeGreaterThan(200);
    }
  });

  it('leaves out the landmark series of a stage without landmarks, and renders an empty run', async () => {
    const svg = curvesSvg(syntheticCurves('pnet', 50));
    expect(svg).toContain('data-series="box"');
    expect(svg).not.toContain('data-series="landmarks"');
    const empty = curvesSvg({
      format: 'mtcnn-curves/1',
      stage: 'rnet',
      init: 'scratch',
      batchSize: 384,
      steps: [],
      epochs: [],
    });
    expect(empty).toContain('no steps recorded yet');
    expect((await sharp(Buffer.from(empty)).metadata()).width).toBe(960);
  });

  it('picks round ticks and smooths towards the data without lagging a constant', () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 1199, 8)).toEqual([0, 200, 400, 600, 800, 1000, 1200]);
    expect(niceTicks(0, 0.037)).toEqual([0, 0.01, 0.02, 0.03, 0.04]);
    // Debiased: a constant series stays that constant from the first value on.
    expect(smooth(Array(200).fill(0.5)).every((v) => Math.abs(v - 0.5) < 1e-12)).toBe(true);
    // Noise around 1 is damped: alternate ±0.5 steps end within 0.05 of 1.
    const s = smooth(Array.from({ length: 400 }, (_, i) => 1 + (i % 2 ? 0.5 : -0.5)));
    expect(Math.abs(s.at(-1)! - 1)).toBeLessThan(0.05);
    expect(Number.isNaN(smooth([1, Number.NaN, 1])[1])).toBe(true);
  });
});
