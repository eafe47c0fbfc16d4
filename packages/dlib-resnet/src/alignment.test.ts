// Why the chip matters: distances between embeddings of the same face (mirrored, landmarks jittered, detected
// again in the photo at half size) and of different faces (every pair of the samples' 22 faces), with
// DLIB_150_TEMPLATE chips and with ArcFace's 112 px chips upscaled to 150. And a check of the template against
// dlib's own 68-point chips, located with face-api's 68-landmark network.
import {
  type AlignmentTemplate,
  applyAffine,
  estimateSimilarityTransform,
  type Face,
  invertAffine,
  LANDMARK_NAMES,
  type RgbImage,
  type Session,
} from '@mtcnn/core';
import {
  DLIB_CHIP_PADDING,
  DLIB_CHIP_SIZE,
  DLIB_MEAN_FACE_FIRST_POINT,
  DLIB_MEAN_FACE_X,
  DLIB_MEAN_FACE_Y,
} from '@mtcnn/weights';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DLIB_150_TEMPLATE, DLIB_RESNET } from './index.js';
import {
  arcfaceChip150,
  chip,
  embed,
  embedderSession,
  euclidean,
  faceApiWeights,
  flipped,
  gaussian,
  loadFaceApi,
  type SampleFace,
  sampleFaces,
} from './test-support.js';

/** Landmark noise of the jittered positives: a normal deviate of 3 % of the eye distance per coordinate. */
const JITTER = 0.03;
const JITTERED_COPIES = 2;

let faces: SampleFace[];
let session: Session;

beforeAll(async () => {
  [faces, session] = await Promise.all([sampleFaces(), embedderSession()]);
});

afterAll(async () => {
  await session?.dispose();
});

function jittered(face: Face, normal: () => number): Face {
  const { leftEye, rightEye } = face.landmarks!;
  const sd = JITTER * Math.hypot(rightEye.x - leftEye.x, rightEye.y - leftEye.y);
  const move = (p: { x: number; y: number }) => ({ x: p.x + sd * normal(), y: p.y + sd * normal() });
  const l = face.landmarks!;
  return {
    ...face,
    landmarks: {
      leftEye: move(l.leftEye),
      rightEye: move(l.rightEye),
      nose: move(l.nose),
      mouthLeft: move(l.mouthLeft),
      mouthRight: move(l.mouthRight),
    },
  };
}

/** Same-face and different-face distances for one way of cutting chips. */
async function distances(cut: (image: RgbImage, face: Face) => RgbImage) {
  const normal = gaussian(11);
  const same: number[] = [];
  const base: Float32Array[] = [];
  for (const f of faces) {
    const c = cut(f.image, f.face);
    const variants = [flipped(c)];
    for (let k = 0; k < JITTERED_COPIES; k++) variants.push(cut(f.image, jittered(f.face, normal)));
    if (f.rescaled) variants.push(cut(f.rescaled.image, f.rescaled.face));
    const [e, ...others] = await embed(session, [c, ...variants]);
    base.push(e!);
    for (const o of others) same.push(euclidean(e!, o));
  }
  const different: number[] = [];
  for (let i = 0; i < base.length; i++) {
    for (let j = i + 1; j < base.length; j++) different.push(euclidean(base[i]!, base[j]!));
  }
  return { same, different };
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.round(q * (sorted.length - 1))]!;
}

/** The chance that a same-face pair is closer than a different-face pair (ties count half): ROC AUC. */
function separation(d: { same: number[]; different: number[] }): number {
  let won = 0;
  for (const a of d.same) for (const b of d.different) won += a < b ? 1 : a === b ? 0.5 : 0;
  return won / (d.same.length * d.different.length);
}

function describeDistances(name: string, d: { same: number[]; different: number[] }): string {
  const t = DLIB_RESNET.threshold;
  const f = (v: number) => v.toFixed(3);
  const stats = (v: number[]) =>
    `min ${f(quantile(v, 0))} median ${f(quantile(v, 0.5))} max ${f(quantile(v, 1))}`;
  return (
    `${name}: same face ${d.same.length} pairs ${stats(d.same)}, ${d.same.filter((v) => v >= t).length} ≥ ${t}; ` +
    `different faces ${d.different.length} pairs ${stats(d.different)}, ${d.different.filter((v) => v < t).length} < ${t}; AUC ${separation(d).toFixed(4)}`
  );
}

describe('same-face and different-face distances on the sample photos', () => {
  // The bounds sit well inside the measured values (README): they pin the result, dlib chips separate faces and
  // upscaled ArcFace chips do not, not the third decimal, which moves with onnxruntime and sharp versions.
  it('dlib chips (DLIB_150_TEMPLATE) keep every same-face pair under 0.6 and most different faces above', async () => {
    const d = await distances((image, face) => chip(image, face, DLIB_150_TEMPLATE));
    console.log(describeDistances('DLIB_150_TEMPLATE', d));
    expect(faces.length).toBe(22);
    expect(d.different.length).toBe((22 * 21) / 2);
    expect(d.same.length).toBeGreaterThanOrEqual(22 * 3);
    expect(Math.max(...d.same)).toBeLessThan(0.5);
    expect(d.different.filter((v) => v < 0.6).length / d.different.length).toBeLessThan(0.1);
    expect(quantile(d.different, 0.5)).toBeGreaterThan(0.7);
    expect(separation(d)).toBeGreaterThan(0.99);
  });

  it('ArcFace 112 chips upscaled to 150: most different-face pairs fall under 0.6', async () => {
    const d = await distances(arcfaceChip150);
    console.log(describeDistances('ArcFace 112 → 150', d));
    expect(d.different.filter((v) => v < 0.6).length / d.different.length).toBeGreaterThan(0.6);
    expect(quantile(d.different, 0.5)).toBeLessThan(0.6);
  });
});

describe("DLIB_150_TEMPLATE against dlib's own 68-point chips", () => {
  // dlib's 68-point branch of get_face_chip_details fits the mean face's points 27–67 less the lower lip (55–59,
  // 65–67) by a similarity transform, chip → image. Here the 68 points come from face-api's landmark network
  // (trained on iBUG 68-point data, independent of MTCNN), and MTCNN's five points are mapped into that chip.
  const fitted: number[] = [];
  for (let i = 27; i <= 67; i++) if (!((i >= 55 && i <= 59) || i >= 65)) fitted.push(i);
  const size = DLIB_CHIP_SIZE;
  const templatePoint = (i: number) => ({
    x:
      ((DLIB_CHIP_PADDING + DLIB_MEAN_FACE_X[i - DLIB_MEAN_FACE_FIRST_POINT]!) /
        (1 + 2 * DLIB_CHIP_PADDING)) *
      size,
    y:
      ((DLIB_CHIP_PADDING + DLIB_MEAN_FACE_Y[i - DLIB_MEAN_FACE_FIRST_POINT]!) /
        (1 + 2 * DLIB_CHIP_PADDING)) *
      size,
  });
  /** Faces whose 68 points fit the mean face this badly (RMS, chip pixels) are left out: a failed landmark fit. */
  const MAX_FIT_RMS = 6;
  /** Template offsets up to this (chip pixels) pass: 5 px on one of five points moves the fitted chip ~1 px. */
  const MAX_OFFSET = 5;

  it(`puts MTCNN's points where they land in dlib's chips, on average within ${MAX_OFFSET} px`, async () => {
    const faceapi = loadFaceApi();
    const { tf } = faceapi;
    await tf.setBackend('wasm');
    await tf.ready();
    const net = new faceapi.FaceLandmark68Net();
    net.loadFromWeightMap(faceApiWeights(tf, 'face_landmark_68_model'));
    const sums = LANDMARK_NAMES.map(() => ({ x: 0, y: 0 }));
    let used = 0;
    for (const { image, face } of faces) {
      // face-api's landmark net takes the face box cut out of the photo.
      const x0 = Math.max(0, Math.round(face.box.x));
      const y0 = Math.max(0, Math.round(face.box.y));
      const w = Math.min(image.width - x0, Math.round(face.box.width));
      const h = Math.min(image.height - y0, Math.round(face.box.height));
      const pixels = new Int32Array(w * h * 3);
      for (let y = 0; y < h; y++) {
        const from = ((y0 + y) * image.width + x0) * 3;
        pixels.set(image.data.subarray(from, from + w * 3), y * w * 3);
      }
      const box = tf.tensor3d(pixels, [h, w, 3], 'int32');
      const { positions } = await net.detectLandmarks(box);
      box.dispose();
      const points = positions.map((p) => ({ x: p.x + x0, y: p.y + y0 }));
      const toChip = invertAffine(
        estimateSimilarityTransform(
          fitted.map(templatePoint),
          fitted.map((i) => points[i]!),
        ),
      );
      const rms = Math.sqrt(
        fitted.reduce((s, i) => {
          const q = applyAffine(toChip, points[i]!);
          const t = templatePoint(i);
          return s + (q.x - t.x) ** 2 + (q.y - t.y) ** 2;
        }, 0) / fitted.length,
      );
      if (rms > MAX_FIT_RMS) continue;
      used++;
      LANDMARK_NAMES.forEach((name, k) => {
        // dlib samples the chip rectangle onto pixels 0 … size − 1.
        const q = applyAffine(toChip, face.landmarks![name]);
        sums[k]!.x += (q.x * (size - 1)) / size;
        sums[k]!.y += (q.y * (size - 1)) / size;
      });
    }
    const measured: AlignmentTemplate['landmarks'] = Object.fromEntries(
      LANDMARK_NAMES.map((name, k) => [name, { x: sums[k]!.x / used, y: sums[k]!.y / used }]),
    ) as unknown as AlignmentTemplate['landmarks'];
    const offsets = LANDMARK_NAMES.map((name) => {
      const m = measured[name];
      const t = DLIB_150_TEMPLATE.landmarks[name];
      return `${name} (${(m.x - t.x).toFixed(1)}, ${(m.y - t.y).toFixed(1)})`;
    });
    console.log(
      `MTCNN points in dlib 68-point chips, mean over ${used} faces, minus the template: ${offsets.join(', ')}`,
    );
    expect(used).toBeGreaterThanOrEqual(18);
    for (const name of LANDMARK_NAMES) {
      expect(Math.abs(measured[name].x - DLIB_150_TEMPLATE.landmarks[name].x), name).toBeLessThan(MAX_OFFSET);
      expect(Math.abs(measured[name].y - DLIB_150_TEMPLATE.landmarks[name].y), name).toBeLessThan(MAX_OFFSET);
    }
  });
});
