import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backendForDevice } from '@mtcnn/backend-onnx/node';
import { createDetector, readImage } from '@mtcnn/core/node';
import { afterAll, describe, expect, it } from 'vitest';
import { detectionCrop } from './crops.js';
import { loadDataset } from './dataset.js';
import { bestOverlap } from './iou.js';
import { IOU_RULE } from './labels.js';
import { detectionsOf, NEGATIVES_PER_PHOTO, planDetectionCrops } from './mine-cascade.js';
import { mineStage } from './mine-stage.js';
import { cascadeFromModels } from './models-dir.js';
import { readSampleSet, SampleLabel } from './sample-set.js';
import { sampleDataset } from './test-support.js';

const datasetDir = sampleDataset();
const out = join(tmpdir(), `mtcnn-mined-${process.pid}`);
afterAll(() => {
  rmSync(datasetDir, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
});

describe('labelling detections', () => {
  const face = { box: [100, 100, 200, 200], invalid: false, usable: true } as const;
  const small = { box: [400, 400, 415, 415], invalid: false, usable: false } as const;

  it('labels by IoU on the crop the next stage cuts, keeps the first (highest-scoring) negatives up to the cap', () => {
    const far = Array.from({ length: 80 }, (_, i) => [600 + i, 10, 640 + i, 50] as const);
    const detections = [
      [101, 101, 201, 201] as const,
      [130, 101, 230, 201] as const,
      ...far,
      [401, 401, 416, 416] as const,
    ];
    const plans = planDetectionCrops(detections, [face, small], 60);
    expect(plans[0]).toMatchObject({ crop: [100, 100, 201, 201], label: SampleLabel.positive, face: 0 });
    expect(plans[1]).toMatchObject({ label: SampleLabel.part, face: 0 });
    const negatives = plans.filter((p) => p.label === SampleLabel.negative);
    expect(negatives).toHaveLength(60);
    expect(negatives[0]!.crop).toEqual(detectionCrop(far[0]!));
    // The detection over a face too small to be a positive source gives nothing.
    expect(plans.some((p) => p.face === 1)).toBe(false);
  });
});

describe('R-Net samples from the released P-Net on the sample photos (reference detections as ground truth)', () => {
  it('labels every detection by the IoU rule and finds positives for every face', async () => {
    const dataset = loadDataset(datasetDir);
    const detector = await createDetector({
      stages: cascadeFromModels().slice(0, 1),
      backend: backendForDevice('cpu'),
    });
    try {
      for (const photo of dataset.training) {
        const image = await readImage(photo.path);
        const detections = await detectionsOf(detector, image);
        // P-Net at default options proposes far more boxes than there are faces.
        expect(detections.length).toBeGreaterThan(10 * photo.faces.length);
        const plans = planDetectionCrops(detections, photo.faces);
        const boxes = photo.faces.map((f) => f.box);
        for (const plan of plans) {
          const best = bestOverlap(plan.crop, boxes);
          if (plan.label === SampleLabel.negative) expect(best.iou).toBeLessThan(IOU_RULE.negativeBelow);
          else if (plan.label === SampleLabel.positive)
            expect(best.iou).toBeGreaterThan(IOU_RULE.positiveAbove);
          else expect(best.iou).toBeGreaterThanOrEqual(IOU_RULE.partFrom);
        }
        expect(plans.filter((p) => p.label === SampleLabel.negative).length).toBe(NEGATIVES_PER_PHOTO);
        // Each face (all are 68 px and more) has a positive detection.
        photo.faces.forEach((_, index) => {
          expect(
            plans.some((p) => p.face === index && p.label === SampleLabel.positive),
            `${photo.file} face ${index}`,
          ).toBe(true);
        });
      }
    } finally {
      await detector.dispose();
    }
  });

  it('mines and writes an R-Net set, and an O-Net set with landmarks distilled from the released O-Net', async () => {
    const rnetSet = await mineStage({
      stage: 'rnet',
      dataset: datasetDir,
      out: join(out, 'rnet'),
      holdoutEvery: 0,
      seed: 3,
    });
    expect(rnetSet.size).toBe(24);
    expect(rnetSet.counts.negative).toBe(6 * NEGATIVES_PER_PHOTO);
    expect(rnetSet.counts.positive).toBeGreaterThan(26);
    expect(rnetSet.counts.part).toBeGreaterThan(26);
    expect(rnetSet.counts.landmark).toBe(0);
    expect(rnetSet.provenance).toMatch(/released pnet/);
    const set = readSampleSet(join(out, 'rnet'));
    expect(set.count).toBe(rnetSet.count);
    expect(set.landmarks.every(Number.isNaN)).toBe(true);
    for (let i = 0; i < set.count; i++) {
      const box = set.boxes.subarray(4 * i, 4 * i + 4);
      // Positives overlap their face by more than 0.65: every offset stays well under half the crop.
      if (set.labels[i] === SampleLabel.positive) expect(Math.max(...box.map(Math.abs))).toBeLessThan(0.5);
      if (set.labels[i] === SampleLabel.negative) expect(Array.from(box)).toEqual([0, 0, 0, 0]);
    }

    const progress: number[] = [];
    const onetSet = await mineStage({
      stage: 'onet',
      dataset: datasetDir,
      out: join(out, 'onet'),
      holdoutEvery: 3,
      onProgress: (done, total) => progress.push(done / total),
    });
    // Photos 0 and 3 held out.
    expect(progress).toEqual([0.25, 0.5, 0.75, 1]);
    expect(onetSet.size).toBe(48);
    expect(onetSet.counts.landmark).toBeGreaterThan(0);
    expect(onetSet.counts.landmark).toBeLessThanOrEqual(onetSet.counts.positive);
    const onetSamples = readSampleSet(join(out, 'onet'));
    for (let i = 0; i < onetSamples.count; i++) {
      const points = Array.from(onetSamples.landmarks.subarray(10 * i, 10 * i + 10));
      if (onetSamples.labels[i] === SampleLabel.negative) expect(points.every(Number.isNaN)).toBe(true);
      else expect(points.every(Number.isFinite)).toBe(true);
      if (onetSamples.labels[i] === SampleLabel.landmark) {
        // A sure face's five points lie in or near its crop, eyes above the mouth corners. Near: a positive crop
        // overlaps its face at IoU > 0.65, and two equal squares that far apart are offset by up to 0.21 of a
        // side, so a point of the face may lie that far outside the crop.
        expect(
          points.every((v) => v > -0.21 && v < 1.21),
          points.join(', '),
        ).toBe(true);
        expect(Math.max(points[5]!, points[6]!)).toBeLessThan(Math.min(points[8]!, points[9]!));
        // Each is a copy of the positive written just before it.
        expect(onetSamples.labels[i - 1]).toBe(SampleLabel.positive);
        expect(points).toEqual(Array.from(onetSamples.landmarks.subarray(10 * (i - 1), 10 * i)));
      }
    }
  });
});
