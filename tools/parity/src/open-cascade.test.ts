// The cascade is open: stages are named, not a fixed three, and a stage's model may give any number of points.
// Runs the real models on onnxruntime-node's CPU backend, through createDetector.
import { onnxNodeBackend } from '@mtcnn/backend-onnx/node';
import { type Backend, type Face, LANDMARK_NAMES, type Model, toCorners } from '@mtcnn/core';
import { createDetector, decodeImageFile, isMtcnnError, type RawImage } from '@mtcnn/core/node';
import { iou, refineStage, type Tensor } from '@mtcnn/core/stage-kit';
import { samplePath } from '@mtcnn/fixtures';
import { ONET_MODEL, onet } from '@mtcnn/onet';
import { pnet } from '@mtcnn/pnet';
import { rnet } from '@mtcnn/rnet';
import { beforeAll, describe, expect, it } from 'vitest';

const backend = onnxNodeBackend();
const photos: RawImage[] = [];
let standard: Face[][];

beforeAll(async () => {
  for (const name of ['sample1.jpg', 'sample4.jpg', 'sample6.jpg'])
    photos.push(await decodeImageFile(samplePath(name)));
  const detector = await createDetector({ backend, stages: [pnet(), rnet(), onet()] });
  try {
    standard = [];
    for (const photo of photos) standard.push(await detector.detect(photo));
  } finally {
    await detector.dispose();
  }
});

function boxIou(a: Face, b: Face): number {
  return iou(toCorners(a.box), toCorners(b.box));
}

/**
 * A backend whose O-Net gives three points instead of five: the real O-Net, its landmark head cut to the first
 * three points (x1…x3, y1…y3) under another output name. It stands for a model with its own landmark count.
 */
function threePointBackend(inner: Backend): Backend {
  return {
    name: `${inner.name} (3-point O-Net)`,
    async createSession(model: Model) {
      const session = await inner.createSession(model);
      return {
        ...session,
        inputNames: session.inputNames,
        outputNames: ['prob', 'reg', 'points3'],
        concurrency: session.concurrency,
        inputMemory: session.inputMemory,
        async run(feeds: Readonly<Record<string, Tensor>>) {
          const { prob, reg, landmarks } = await session.run(feeds);
          const n = landmarks!.dims[0]!;
          const points = new Float32Array(6 * n);
          for (let i = 0; i < n; i++) {
            points.set(landmarks!.data.subarray(10 * i, 10 * i + 3), 6 * i);
            points.set(landmarks!.data.subarray(10 * i + 5, 10 * i + 8), 6 * i + 3);
          }
          return { prob: prob!, reg: reg!, points3: { data: points, dims: [n, 6] } };
        },
        dispose: () => session.dispose(),
      };
    },
  };
}

describe('an open cascade', () => {
  it('the standard cascade gives each face five named points, and the five landmarks as their view', () => {
    const faces = standard.flat();
    expect(faces.length).toBeGreaterThan(5);
    for (const face of faces) {
      expect(face.points!.map((p) => p.name)).toEqual([...LANDMARK_NAMES]);
      LANDMARK_NAMES.forEach((name, k) => {
        expect(face.landmarks![name]).toEqual({ x: face.points![k]!.x, y: face.points![k]!.y });
      });
    }
  });

  it('runs a fourth stage (O-Net again, named onet2) with thresholds by name, and reports every stage', async () => {
    const detector = await createDetector({
      backend,
      stages: [pnet(), rnet(), onet(), onet({ name: 'onet2' })],
    });
    try {
      expect(detector.stages).toEqual(['pnet', 'rnet', 'onet', 'onet2']);
      let least = 1;
      let faces = 0;
      for (const [i, photo] of photos.entries()) {
        const detection = await detector.detectWithDetails(photo);
        const { onet: third, onet2: fourth } = detection.timing.stages;
        expect(Object.keys(detection.timing.stages)).toEqual(['pnet', 'rnet', 'onet', 'onet2']);
        expect(fourth!.candidatesIn).toBe(third!.candidatesOut);
        // O-Net run again on its own boxes keeps the faces it found: each face of the four-stage cascade is one of
        // the standard cascade's, moved by the second regression (IoU ≥ 0.7: a second box regression moves a box
        // by a few pixels and the second crop is not square; the least measured on these photos is about 0.8), with
        // five landmarks.
        expect(detection.faces.length).toBeGreaterThan(0);
        expect(detection.faces.length).toBeLessThanOrEqual(standard[i]!.length);
        for (const face of detection.faces) {
          const best = Math.max(...standard[i]!.map((s) => boxIou(face, s)));
          expect(best, `photo ${i}`).toBeGreaterThanOrEqual(0.7);
          least = Math.min(least, best);
          faces++;
          expect(face.landmarks).toBeDefined();
        }
        // A threshold by name reaches that stage only: the fourth stage at 1 lets nothing through.
        const none = await detector.detectWithDetails(photo, { thresholds: { onet2: 1 } });
        expect(none.faces).toEqual([]);
        expect(none.timing.stages.onet!.candidatesOut).toBe(third!.candidatesOut);
      }
      console.log(
        `[open cascade] four stages: ${faces} faces, least IoU with a standard face ${least.toFixed(3)}`,
      );
    } finally {
      await detector.dispose();
    }
  });

  it('runs a last stage whose model gives three points: faces carry three named points and no landmarks', async () => {
    const threePoint = refineStage({
      name: 'onet3',
      model: ONET_MODEL,
      backend: threePointBackend(backend),
      threshold: 0.7,
      inputSize: 48,
      outputs: { points: { name: 'points3', count: 3, names: ['leftEye', 'rightEye', 'nose'] } },
      nms: { threshold: 0.7, mode: 'min', on: 'regressed' },
      square: false,
    });
    const detector = await createDetector({ backend, stages: [pnet(), rnet(), threePoint] });
    try {
      for (const [i, photo] of photos.entries()) {
        const faces = await detector.detect(photo);
        // The same network on the same crops: the same faces, bit for bit, with the first three landmarks.
        expect(faces.map((f) => ({ box: f.box, score: f.score }))).toEqual(
          standard[i]!.map((f) => ({ box: f.box, score: f.score })),
        );
        faces.forEach((face, k) => {
          expect(face.landmarks).toBeUndefined();
          expect(face.points).toEqual(standard[i]![k]!.points!.slice(0, 3));
        });
      }
    } finally {
      await detector.dispose();
    }
  });

  it('refuses a cascade of two stages of one name, or one that does not start with a proposal', async () => {
    for (const stages of [
      [pnet(), onet(), onet()],
      [rnet(), onet()],
      [pnet(), pnet({ name: 'pnet2' })],
    ]) {
      const error = await createDetector({ backend, stages }).catch((e: unknown) => e);
      expect(isMtcnnError(error, 'INVALID_OPTION'), String(error)).toBe(true);
    }
  });
});
