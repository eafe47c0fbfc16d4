// Test data the repository may ship: the six @vladmandic/face-api demo photos (MIT, @mtcnn/fixtures) with their
// reference detections as ground truth. Not the WIDER photos: those never enter tests.
//
// sampleDataset lays them out as a dataset folder (tools/train/README.md) for the miner; samplePhotos and
// cutSampleSet cut crops straight from them for the engine's tests (landmark samples carry the reference
// landmarks, which the dataset layout has no place for).
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RgbImage } from '@mtcnn/core';
import { readImage } from '@mtcnn/core/node';
import { iou, type PixelRegion, resampleRegion } from '@mtcnn/core/stage-kit';
import { type GoldenFace, loadGolden, sampleNames, samplePath } from '@mtcnn/fixtures';
import { boxTargets, cropSample } from './crops.js';
import type { BoxCorners } from './iou.js';
import { Random } from './random.js';
import { SampleLabel, type SampleSetInfo, SampleSetWriter } from './sample-set.js';

/** A dataset folder of the sample photos; faces are the reference detections as { x, y, w, h }. */
export function sampleDataset(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mtcnn-samples-dataset-'));
  mkdirSync(join(dir, 'images'));
  const golden = loadGolden();
  const photos = sampleNames.map((name) => {
    symlinkSync(samplePath(name), join(dir, 'images', name));
    const { width, height, faces } = golden.results[name]!;
    return {
      file: name,
      width,
      height,
      faces: faces.map(({ box: [x1, y1, x2, y2] }) => ({ x: x1, y: y1, w: x2 - x1, h: y2 - y1 })),
    };
  });
  writeFileSync(join(dir, 'ground-truth.json'), JSON.stringify(photos));
  return dir;
}

export interface SamplePhoto {
  name: string;
  image: RgbImage;
  faces: GoldenFace[];
}

let photos: Promise<SamplePhoto[]> | undefined;

/** The six demo photos, decoded once, with their reference faces. */
export function samplePhotos(): Promise<SamplePhoto[]> {
  photos ??= Promise.all(
    sampleNames.map(async (name) => ({
      name,
      image: await readImage(samplePath(name)),
      faces: loadGolden().results[name]!.faces,
    })),
  );
  return photos;
}

/** A region area-resampled to width × height, normalised, NCHW (1 × 3 × height × width): what the models take. */
export function cropNchw(image: RgbImage, region: PixelRegion, width: number, height = width): Float32Array {
  const out = new Float32Array(3 * width * height);
  resampleRegion(image, region, width, height, out, 0);
  return out;
}

/** Several NCHW crops as one batch. */
export function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((a, c) => a + c.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** NCHW data of n images → NHWC. */
export function nchwToNhwc(data: Float32Array, n: number, c: number, h: number, w: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let b = 0; b < n; b++)
    for (let k = 0; k < c; k++)
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) out[((b * h + y) * w + x) * c + k] = data[((b * c + k) * h + y) * w + x]!;
  return out;
}

/** A region as the corners the miner's helpers take. */
function corners(r: PixelRegion): BoxCorners {
  return [r.x, r.y, r.x + r.width, r.y + r.height];
}

/** The square of a face box's larger side, around its centre, in whole pixels. */
export function squareRegion([x1, y1, x2, y2]: readonly number[]): PixelRegion {
  const side = Math.round(Math.max(x2! - x1!, y2! - y1!));
  return {
    x: Math.round((x1! + x2!) / 2 - side / 2),
    y: Math.round((y1! + y2!) / 2 - side / 2),
    width: side,
    height: side,
  };
}

export interface CutOptions {
  size: number;
  seed?: number;
  /** Per face. */
  positives?: number;
  parts?: number;
  landmarks?: number;
  /** Per photo. */
  negatives?: number;
}

/**
 * Cuts a sample set from the six photos around their reference faces, with the recipe's IoU bands (positive
 * > 0.65, part 0.4–0.65, negative < 0.3 with every face) and the reference landmarks on landmark samples.
 */
export async function cutSampleSet(dir: string, options: CutOptions): Promise<SampleSetInfo> {
  const { size, seed = 1, positives = 12, parts = 12, landmarks = 0, negatives = 80 } = options;
  const rng = new Random(seed);
  const writer = new SampleSetWriter(dir, size, 'test: the six face-api demo photos, reference faces');
  for (const { image, faces } of await samplePhotos()) {
    const inside = (r: PixelRegion) =>
      r.x >= 0 &&
      r.y >= 0 &&
      r.x + r.width <= image.width &&
      r.y + r.height <= image.height &&
      r.width >= size;
    for (const face of faces) {
      const base = squareRegion(face.box);
      const jittered = (shift: number, scale: number): PixelRegion => {
        const side = Math.round(base.width * (1 + (rng.next() * 2 - 1) * scale));
        const cx = base.x + base.width / 2 + (rng.next() * 2 - 1) * shift * base.width;
        const cy = base.y + base.height / 2 + (rng.next() * 2 - 1) * shift * base.width;
        return { x: Math.round(cx - side / 2), y: Math.round(cy - side / 2), width: side, height: side };
      };
      const draw = (
        want: number,
        shift: number,
        scale: number,
        lo: number,
        hi: number,
        label: SampleLabel,
      ) => {
        for (let made = 0, tries = 0; made < want && tries < want * 200; tries++) {
          const r = jittered(shift, scale);
          const o = iou(corners(r), face.box as BoxCorners);
          if (!inside(r) || o < lo || o >= hi) continue;
          const points =
            label === SampleLabel.landmark
              ? [
                  ...face.landmarks.map(([x]) => (x - r.x) / r.width),
                  ...face.landmarks.map(([, y]) => (y - r.y) / r.height),
                ]
              : undefined;
          writer.add({
            image: cropSample(image, corners(r), size),
            label,
            box: boxTargets(corners(r), face.box as BoxCorners),
            landmarks: points,
          });
          made++;
        }
      };
      draw(positives, 0.08, 0.12, 0.65, 1.01, SampleLabel.positive);
      draw(parts, 0.3, 0.3, 0.4, 0.65, SampleLabel.part);
      draw(landmarks, 0.05, 0.08, 0.65, 1.01, SampleLabel.landmark);
    }
    for (let made = 0, tries = 0; made < negatives && tries < negatives * 200; tries++) {
      const side = size * 3 + rng.int(Math.min(image.width, image.height) / 3);
      const r = {
        x: rng.int(image.width - side),
        y: rng.int(image.height - side),
        width: side,
        height: side,
      };
      if (!inside(r) || faces.some((f) => iou(corners(r), f.box as BoxCorners) >= 0.3)) continue;
      writer.add({ image: cropSample(image, corners(r), size), label: SampleLabel.negative });
      made++;
    }
  }
  return writer.close();
}
