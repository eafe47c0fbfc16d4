// The recognizer with the real MobileFaceNet model on onnxruntime-node and real faces of the sample photos: what it
// returns, that batching, lanes and concurrent calls do not change it, that dispose is total, memory stays flat,
// and that bad input is a typed error. Turbo builds the models first; run `pnpm build` before vitest by hand.
import { onnxNodeBackend } from '@mtcnn/backend-onnx/node';
import {
  alignFace,
  type Backend,
  createDetector,
  type Face,
  isMtcnnError,
  type NodeDetector,
  type RgbImage,
  readImage,
  type Session,
} from '@mtcnn/core/node';
import { sampleNames, samplePath } from '@mtcnn/fixtures';
import { skipForEnvironment } from '@mtcnn/fixtures/environment';
import { MOBILEFACENET, mobilefacenet } from '@mtcnn/mobilefacenet';
import { onet } from '@mtcnn/onet';
import { pnet } from '@mtcnn/pnet';
import { rnet } from '@mtcnn/rnet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecognizer, type NodeRecognizer } from './node/index.js';
import { planRuns } from './recognizer.js';

const backend = onnxNodeBackend();
/** Onnxruntime in the calling thread only: one lane, so every batch is one run. */
const inlineBackend = onnxNodeBackend({ workerThreads: 0 });
let detector: NodeDetector;
let recognizer: NodeRecognizer;
const photos: { name: string; image: RgbImage; faces: Face[] }[] = [];

beforeAll(async () => {
  detector = await createDetector({ backend, stages: [pnet(), rnet(), onet()] });
  recognizer = await createRecognizer({ embedder: mobilefacenet(), backend, detector });
  for (const name of sampleNames) {
    const image = await readImage(samplePath(name));
    photos.push({ name, image, faces: await detector.detect(image) });
  }
});

afterAll(async () => {
  await recognizer?.dispose();
  await detector?.dispose();
});

const maxDiff = (a: Float32Array, b: Float32Array) => Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));
const norm = (a: Float32Array) => Math.hypot(...a);

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

function expectCode(error: unknown, code: string, message?: RegExp): void {
  expect(isMtcnnError(error), String(error)).toBe(true);
  expect((error as { code: string }).code).toBe(code);
  if (message) expect((error as Error).message).toMatch(message);
}

/** A real backend whose sessions count their runs and disposals. */
function countingBackend(inner: Backend): Backend & { sessions: { runs: number; disposed: number }[] } {
  const sessions: { runs: number; disposed: number }[] = [];
  return {
    name: `counting ${inner.name}`,
    sessions,
    async createSession(model) {
      const session = await inner.createSession(model);
      const count = { runs: 0, disposed: 0 };
      sessions.push(count);
      const wrapped: Session = {
        inputNames: session.inputNames,
        outputNames: session.outputNames,
        ...(session.concurrency !== undefined ? { concurrency: session.concurrency } : {}),
        run: (feeds) => {
          count.runs++;
          return session.run(feeds);
        },
        dispose: () => {
          count.disposed++;
          return session.dispose();
        },
      };
      return wrapped;
    },
  };
}

describe('createRecognizer with MobileFaceNet', () => {
  it('embeds detected faces: unit vectors of 192 values, in the order of the faces', async () => {
    const { image, faces } = photos[0]!;
    const embedded = await recognizer.embedFaces(image, faces);
    expect(embedded.map((e) => e.face)).toEqual(faces);
    for (const { embedding } of embedded) {
      expect(embedding).toBeInstanceOf(Float32Array);
      expect(embedding).toHaveLength(MOBILEFACENET.embeddingSize);
      expect(norm(embedding)).toBeCloseTo(1, 5);
    }
    expect(recognizer.embedder).toEqual(MOBILEFACENET);
  });

  it('embedAligned on alignFace crops gives what embedFaces gives', async () => {
    const { image, faces } = photos[1]!;
    const crops = faces.map((f) => alignFace(image, f, MOBILEFACENET.template).image);
    const aligned = await recognizer.embedAligned(crops);
    const viaFaces = await recognizer.embedFaces(image, faces);
    for (const [i, e] of aligned.entries()) expect(maxDiff(e, viaFaces[i]!.embedding)).toBe(0);
  });

  it('detectAndEmbed takes a file path and equals detect + embedFaces', async () => {
    const { name, image, faces } = photos[2]!;
    const byPath = await recognizer.detectAndEmbed(samplePath(name));
    const direct = await recognizer.embedFaces(image, faces);
    expect(byPath.map((e) => e.face)).toEqual(faces);
    for (const [i, e] of byPath.entries()) expect(maxDiff(e.embedding, direct[i]!.embedding)).toBe(0);
  });

  it('verify: a face and its own mirror image are one person, two people are not', async () => {
    const { image, faces } = photos[0]!;
    const crop = alignFace(image, faces[0]!, MOBILEFACENET.template).image;
    const mirror = new Uint8Array(crop.data.length);
    const s = crop.width;
    for (let y = 0; y < s; y++)
      for (let x = 0; x < s; x++)
        for (let c = 0; c < 3; c++) mirror[(y * s + x) * 3 + c] = crop.data[(y * s + s - 1 - x) * 3 + c]!;
    const [a, b] = await recognizer.embedAligned([crop, { data: mirror, width: s, height: s }]);
    const [, other] = (await recognizer.embedFaces(image, faces)).map((e) => e.embedding);
    const same = recognizer.verify(a!, b!);
    const different = recognizer.verify(a!, other!);
    expect(same).toMatchObject({ same: true, metric: 'cosine', threshold: MOBILEFACENET.threshold });
    expect(different.same).toBe(false);
    expect(same.distance).toBeCloseTo(Math.sqrt(2 - 2 * same.similarity), 6);
    expect(recognizer.similarity(a!, b!)).toEqual({ similarity: same.similarity, distance: same.distance });
    // A per-call threshold above the pair's similarity turns the answer.
    expect(recognizer.verify(a!, b!, { threshold: Math.min(1, same.similarity + 0.01) }).same).toBe(false);
  });

  it('gives the same embeddings at batch sizes 1, 8 and 32, with worker lanes or inline', async () => {
    const { image, faces } = photos[4]!;
    const crops = Array.from({ length: 20 }, (_, i) => alignFace(image, faces[i % faces.length]!).image);
    const reference = await recognizer.embedAligned(crops);
    let worst = 0;
    for (const [batchSize, b] of [
      [1, inlineBackend],
      [8, backend],
      [32, inlineBackend],
    ] as const) {
      const other = await createRecognizer({ embedder: mobilefacenet(), backend: b, batchSize });
      try {
        const got = await other.embedAligned(crops);
        got.forEach((e, i) => {
          worst = Math.max(worst, maxDiff(e, reference[i]!));
        });
      } finally {
        await other.dispose();
      }
    }
    console.log(`recognizer: max |difference| across batch sizes and lanes ${worst.toExponential(2)}`);
    // Different batch shapes may take different kernels; they agree to float32 rounding.
    expect(worst).toBeLessThanOrEqual(1e-5);
  });

  it('concurrent calls give exactly what sequential calls give', async () => {
    const sequential: Float32Array[][] = [];
    for (const p of photos)
      sequential.push((await recognizer.embedFaces(p.image, p.faces)).map((e) => e.embedding));
    const concurrent = await Promise.all(
      [...photos, ...photos].map((p) => recognizer.embedFaces(p.image, p.faces)),
    );
    concurrent.forEach((result, k) => {
      const expected = sequential[k % photos.length]!;
      expect(result).toHaveLength(expected.length);
      for (const [i, e] of result.entries()) expect(maxDiff(e.embedding, expected[i]!)).toBe(0);
    });
  });

  it('cuts a call into runs of at most batchSize, at least one per lane', () => {
    expect(planRuns(0, 32, 2)).toEqual([]);
    expect(planRuns(1, 32, 2)).toEqual([1]);
    expect(planRuns(5, 32, 2)).toEqual([3, 2]);
    expect(planRuns(32, 32, 1)).toEqual([32]);
    expect(planRuns(33, 32, 1)).toEqual([17, 16]);
    expect(planRuns(100, 8, 4)).toEqual([8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 4]);
  });

  it('flip fusion: a crop and its mirror image fuse to the same embedding', async () => {
    const fused = await createRecognizer({ embedder: mobilefacenet(), backend: inlineBackend, flip: true });
    try {
      const { image, faces } = photos[3]!;
      const crop = alignFace(image, faces[0]!).image;
      const s = crop.width;
      const mirror = new Uint8Array(crop.data.length);
      for (let y = 0; y < s; y++)
        for (let x = 0; x < s; x++)
          for (let c = 0; c < 3; c++) mirror[(y * s + x) * 3 + c] = crop.data[(y * s + s - 1 - x) * 3 + c]!;
      const [a, b] = await fused.embedAligned([crop, { data: mirror, width: s, height: s }]);
      expect(maxDiff(a!, b!)).toBeLessThanOrEqual(1e-5);
      expect(norm(a!)).toBeCloseTo(1, 5);
    } finally {
      await fused.dispose();
    }
  });
});

describe('dispose', () => {
  it('waits for calls in flight, releases the session once, and refuses every later call', async () => {
    const counting = countingBackend(inlineBackend);
    const r = await createRecognizer({ embedder: mobilefacenet(), backend: counting, detector });
    const { image, faces } = photos[0]!;
    const pending = r.embedFaces(image, faces);
    await r.dispose();
    expect((await pending).length).toBe(faces.length);
    await r.dispose();
    expect(counting.sessions).toHaveLength(1);
    expect(counting.sessions[0]!.disposed).toBe(1);
    const crop = alignFace(image, faces[0]!).image;
    for (const call of [r.embedFaces(image, faces), r.embedAligned([crop]), r.detectAndEmbed(image)]) {
      expectCode(await rejection(call), 'RECOGNIZER_DISPOSED');
    }
    // The detector belongs to the caller and still works.
    expect(await detector.detect(image)).toHaveLength(faces.length);
  });
});

describe('memory', () => {
  const MiB = 2 ** 20;
  /**
   * Bounds over 1,000 embeddings (125 calls of 8 crops): a call allocates ~1.2 MiB of input and output, so keeping
   * one call's data would grow the JS measure by ~150 MiB and leaking the crops alone by ~30 MiB; 4 MiB leaves room
   * for V8's own bookkeeping. 24 MiB of RSS allows onnxruntime's arena and glibc's heaps to grow in steps, as in the
   * detector's conformance check.
   */
  const BOUNDS = { js: 4 * MiB, rss: 24 * MiB };
  const gc = (globalThis as { gc?: () => void }).gc;

  async function measure(): Promise<{ js: number; rss: number }> {
    gc!();
    await new Promise((resolve) => setTimeout(resolve, 10));
    gc!();
    const m = process.memoryUsage();
    return { js: m.heapUsed + m.external, rss: m.rss };
  }

  it('stays flat over 1,000 embeddings', async (context) => {
    if (!gc)
      return skipForEnvironment(context, 'global.gc', 'run Node with --expose-gc (vitest.config.ts sets it)');
    const r = await createRecognizer({ embedder: mobilefacenet(), backend });
    try {
      const { image, faces } = photos[4]!;
      const eight = Array.from({ length: 8 }, (_, i) => faces[i % faces.length]!);
      for (let i = 0; i < 20; i++) await r.embedFaces(image, eight);
      const before = await measure();
      for (let i = 0; i < 125; i++) await r.embedFaces(image, eight);
      const after = await measure();
      const growth = { js: after.js - before.js, rss: after.rss - before.rss };
      console.log(
        `recognizer memory over 1,000 embeddings: JS ${(growth.js / MiB).toFixed(2)} MiB, ` +
          `RSS ${(growth.rss / MiB).toFixed(2)} MiB`,
      );
      expect(growth.js).toBeLessThanOrEqual(BOUNDS.js);
      expect(growth.rss).toBeLessThanOrEqual(BOUNDS.rss);
    } finally {
      await r.dispose();
    }
  });
});

describe('bad input and bad options are typed errors', () => {
  it('refuses crops of the wrong size, faces without landmarks, and non-pixels', async () => {
    const { image, faces } = photos[0]!;
    const small = { data: new Uint8Array(100 * 100 * 3), width: 100, height: 100 };
    expectCode(await rejection(recognizer.embedAligned([small])), 'INVALID_IMAGE', /crop 0 .*112×112/);
    const { landmarks: _, points: __, ...bare } = faces[0]!;
    expectCode(
      await rejection(recognizer.embedFaces(image, [faces[1]!, bare])),
      'INVALID_OPTION',
      /face 1 has no landmarks/,
    );
    expectCode(
      await rejection(recognizer.embedFaces({ data: new Uint8Array(5), width: 2, height: 2 }, faces)),
      'INVALID_IMAGE',
    );
    expect(await recognizer.embedAligned([])).toEqual([]);
  });

  it('refuses embeddings of another size and thresholds off the scale', () => {
    const a = new Float32Array(192).fill(1);
    expect(() => recognizer.verify(a, new Float32Array(128).fill(1))).toThrow(
      /b must be a Float32Array of 192/,
    );
    expect(() => recognizer.verify(a, a, { threshold: 2 })).toThrow(
      /threshold must be a number in \[-1, 1\]/,
    );
  });

  it('detectAndEmbed without a detector is INVALID_OPTION', async () => {
    const r = await createRecognizer({ embedder: mobilefacenet(), backend: inlineBackend });
    try {
      expectCode(await rejection(r.detectAndEmbed(photos[0]!.image)), 'INVALID_OPTION', /needs a detector/);
    } finally {
      await r.dispose();
    }
  });

  it('checks the options and the descriptor at creation', async () => {
    const cases: [unknown, string, RegExp][] = [
      [undefined, 'INVALID_OPTION', /options object/],
      [{ embedder: mobilefacenet() }, 'INVALID_OPTION', /no backend/],
      [{ embedder: mobilefacenet(), backend, batchSize: 0 }, 'INVALID_OPTION', /batchSize/],
      [{ embedder: { ...mobilefacenet(), inputSize: 100 }, backend }, 'INVALID_OPTION', /template must be/],
      [{ embedder: { ...mobilefacenet(), mean: [1, 2] }, backend }, 'INVALID_OPTION', /mean must be/],
      [{ embedder: { ...mobilefacenet(), channels: 'rgba' }, backend }, 'INVALID_OPTION', /channels/],
      [{ embedder: { ...mobilefacenet(), metric: 'dot' }, backend }, 'INVALID_OPTION', /metric/],
      [{ embedder: { ...mobilefacenet(), threshold: 1.5 }, backend }, 'INVALID_OPTION', /threshold/],
      [{ embedder: { ...mobilefacenet(), model: undefined }, backend }, 'INVALID_OPTION', /model is missing/],
      [
        { embedder: { ...mobilefacenet(), outputName: 'nope' }, backend },
        'MODEL_LOAD_FAILED',
        /no output nope/,
      ],
      [
        { embedder: mobilefacenet({ model: '/nonexistent/model.onnx' }), backend },
        'MODEL_LOAD_FAILED',
        /mobilefacenet/,
      ],
    ];
    for (const [options, code, message] of cases) {
      expectCode(await rejection(createRecognizer(options as never)), code, message);
    }
  });
});
