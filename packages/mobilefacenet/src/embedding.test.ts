// End to end on real photos: faces detected by the cascade and aligned to the ArcFace template, embedded by the
// shipped ONNX model in onnxruntime-node (through @mtcnn/backend-onnx) and by the ORIGINAL TFLite graph in the
// float64 reference interpreter of @mtcnn/weights. Then what the embeddings say about the conventions: raw (not
// unit) vectors, natural orientation. Turbo builds the model first; run `pnpm build` before vitest by hand.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { onnxNodeBackend } from '@mtcnn/backend-onnx/node';
import {
  ARCFACE_TEMPLATE_112,
  alignFace,
  createDetector,
  decodeImageFile,
  type NodeDetector,
  type RgbImage,
  rawToRgb,
  type Session,
} from '@mtcnn/core/node';
import { sampleNames, samplePath } from '@mtcnn/fixtures';
import { onet } from '@mtcnn/onet';
import { pnet } from '@mtcnn/pnet';
import { rnet } from '@mtcnn/rnet';
import { type EmbedderModelInfo, interpret, loadSource } from '@mtcnn/weights';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MOBILEFACENET,
  MOBILEFACENET_MODEL,
  MOBILEFACENET_MODEL_URL,
  MOBILEFACENET_NCHWC_MODEL_URL,
  MOBILEFACENET_THRESHOLD,
  mobilefacenet,
} from './index.js';

const SIZE = MOBILEFACENET.inputSize;
const DIM = MOBILEFACENET.embeddingSize;
/** MobileFaceNet has one mean for every channel. */
const MEAN = MOBILEFACENET.mean as number;
/** The source graph's fixed batch (its final RESHAPE targets [2, 192]): the interpreter runs crops in pairs. */
const FILE_BATCH = 2;
/** Crops embedded by the interpreter too (about a second each): the best-scoring face of each photo. */
const REFERENCE_CROPS = 6;
const MIN_COSINE = 0.9999;
/** Max |onnx - tflite| per embedding value; the raw values reach about 15. */
const MAX_ABS_DIFF = 1e-4;

interface Crop {
  label: string;
  score: number;
  image: RgbImage;
}

const backend = onnxNodeBackend();
let detector: NodeDetector;
let session: Session;
/** Each model form on its own session, whatever form the backend would pick. */
const formSessions = new Map<'portable' | 'nchwc', Session>();
const crops: Crop[] = [];

/** Normalised NCHW float32, as the model wants it. */
function nchw(images: RgbImage[]): Float32Array {
  const out = new Float32Array(images.length * 3 * SIZE * SIZE);
  images.forEach((img, n) => {
    for (let y = 0; y < SIZE; y++)
      for (let x = 0; x < SIZE; x++)
        for (let c = 0; c < 3; c++)
          out[((n * 3 + c) * SIZE + y) * SIZE + x] =
            (img.data[(y * SIZE + x) * 3 + c]! - MEAN) * MOBILEFACENET.scale;
  });
  return out;
}

/** The same crops as the source graph wants them: NHWC, float64. */
function nhwc(images: RgbImage[]): Float64Array {
  const out = new Float64Array(images.length * SIZE * SIZE * 3);
  images.forEach((img, n) => {
    for (let i = 0; i < SIZE * SIZE * 3; i++)
      out[n * SIZE * SIZE * 3 + i] = (img.data[i]! - MEAN) * MOBILEFACENET.scale;
  });
  return out;
}

async function embed(images: RgbImage[], s: Session = session): Promise<Float32Array[]> {
  const out = await s.run({
    [MOBILEFACENET.inputName]: { data: nchw(images), dims: [images.length, 3, SIZE, SIZE] },
  });
  const e = out[MOBILEFACENET.outputName]!;
  expect(e.dims).toEqual([images.length, DIM]);
  return images.map((_, i) => e.data.slice(i * DIM, (i + 1) * DIM));
}

const norm = (a: ArrayLike<number>) => Math.hypot(...Array.from(a));
function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot / (norm(a) * norm(b));
}

/** The crop mirrored left-right, or transposed (x and y swapped). */
function remap(img: RgbImage, from: (x: number, y: number) => [number, number]): RgbImage {
  const data = new Uint8Array(SIZE * SIZE * 3);
  for (let y = 0; y < SIZE; y++)
    for (let x = 0; x < SIZE; x++) {
      const [sx, sy] = from(x, y);
      for (let c = 0; c < 3; c++) data[(y * SIZE + x) * 3 + c] = img.data[(sy * SIZE + sx) * 3 + c]!;
    }
  return { data, width: SIZE, height: SIZE };
}
const mirrored = (img: RgbImage) => remap(img, (x, y) => [SIZE - 1 - x, y]);
const transposed = (img: RgbImage) => remap(img, (x, y) => [y, x]);

beforeAll(async () => {
  detector = await createDetector({ backend, stages: [pnet(), rnet(), onet()] });
  session = await backend.createSession(MOBILEFACENET_MODEL);
  formSessions.set('portable', await backend.createSession(MOBILEFACENET_MODEL_URL));
  formSessions.set('nchwc', await backend.createSession(MOBILEFACENET_NCHWC_MODEL_URL));
  for (const name of sampleNames) {
    const image = rawToRgb(await decodeImageFile(samplePath(name)));
    const faces = await detector.detect(image);
    faces.forEach((face, i) => {
      crops.push({ label: `${name}#${i}`, score: face.score, image: alignFace(image, face).image });
    });
  }
});

afterAll(async () => {
  await session?.dispose();
  for (const s of formSessions.values()) await s.dispose();
  await detector?.dispose();
});

describe('MobileFaceNet on aligned faces of the sample photos', () => {
  it('finds faces in every photo and cuts 112 x 112 crops', () => {
    for (const name of sampleNames) expect(crops.some((c) => c.label.startsWith(name))).toBe(true);
    for (const c of crops) expect([c.image.width, c.image.height]).toEqual([SIZE, SIZE]);
    console.log(`mobilefacenet: ${crops.length} faces in ${sampleNames.length} photos`);
  });

  it.each(['portable', 'nchwc'] as const)(
    `ONNX %s form (onnxruntime-node) vs the TFLite graph (reference interpreter): cosine >= ${MIN_COSINE}`,
    async (form) => {
      const chosen = sampleNames.map((name) =>
        crops.filter((c) => c.label.startsWith(name)).reduce((a, b) => (b.score > a.score ? b : a)),
      );
      expect(chosen).toHaveLength(REFERENCE_CROPS);
      const ours = await embed(
        chosen.map((c) => c.image),
        formSessions.get(form)!,
      );
      const model = loadSource('mobilefacenet').model;
      let minCosine = 1;
      let maxDiff = 0;
      for (let k = 0; k < chosen.length; k += FILE_BATCH) {
        const pair = chosen.slice(k, k + FILE_BATCH).map((c) => c.image);
        const input = { shape: [FILE_BATCH, SIZE, SIZE, 3], data: nhwc(pair) };
        const ref = interpret(model, [input]).get('embeddings')!;
        expect(ref.shape).toEqual([FILE_BATCH, DIM]);
        for (let j = 0; j < FILE_BATCH; j++) {
          const r = ref.data.subarray(j * DIM, (j + 1) * DIM);
          const o = ours[k + j]!;
          const cos = cosine(o, r);
          const diff = Math.max(...Array.from(o, (v, i) => Math.abs(v - r[i]!)));
          expect(cos, chosen[k + j]!.label).toBeGreaterThanOrEqual(MIN_COSINE);
          expect(diff, chosen[k + j]!.label).toBeLessThanOrEqual(MAX_ABS_DIFF);
          minCosine = Math.min(minCosine, cos);
          maxDiff = Math.max(maxDiff, diff);
        }
      }
      console.log(
        `mobilefacenet onnx (${form}) vs tflite on ${chosen.length} real crops: min cosine ${minCosine.toFixed(9)}, ` +
          `max |diff| ${maxDiff.toExponential(2)}`,
      );
    },
  );

  it('gives raw embeddings, not unit vectors', async () => {
    const norms = (await embed(crops.map((c) => c.image))).map(norm);
    console.log(
      `mobilefacenet raw embedding norms over ${norms.length} faces: ${Math.min(...norms).toFixed(1)} to ` +
        `${Math.max(...norms).toFixed(1)}`,
    );
    for (const n of norms) expect(n).toBeGreaterThan(10);
  });

  it('reads the crop in natural orientation: a mirrored face stays close, a transposed one does not', async () => {
    const images = crops.map((c) => c.image);
    const [plain, mirror, swapped] = await Promise.all([
      embed(images),
      embed(images.map(mirrored)),
      embed(images.map(transposed)),
    ]);
    const mirrorCos = plain.map((e, i) => cosine(e, mirror[i]!));
    const swappedCos = plain.map((e, i) => cosine(e, swapped[i]!));
    // Other people: every pair of faces within one photo.
    const others: number[] = [];
    for (const name of sampleNames) {
      const idx = crops.flatMap((c, i) => (c.label.startsWith(name) ? [i] : []));
      for (const a of idx) for (const b of idx) if (a < b) others.push(cosine(plain[a]!, plain[b]!));
    }
    const range = (v: number[]) => `${Math.min(...v).toFixed(3)} to ${Math.max(...v).toFixed(3)}`;
    console.log(
      `mobilefacenet cosine: mirrored ${range(mirrorCos)}, transposed ${range(swappedCos)}, ` +
        `other faces of the same photo ${range(others)}`,
    );
    for (const [i, c] of crops.entries()) {
      expect(mirrorCos[i], c.label).toBeGreaterThan(swappedCos[i]!);
      expect(mirrorCos[i], c.label).toBeGreaterThan(Math.max(...others));
    }
  });
});

describe('@mtcnn/mobilefacenet descriptor', () => {
  const info = JSON.parse(
    readFileSync(fileURLToPath(new URL('../model/model-info.json', import.meta.url)), 'utf8'),
  ) as EmbedderModelInfo;

  it('matches model-info.json and the model file', () => {
    expect(MOBILEFACENET.id).toBe(info.id);
    expect(MOBILEFACENET.inputSize).toBe(info.input.size);
    expect(MOBILEFACENET.mean).toBe(info.input.mean);
    expect(MOBILEFACENET.scale).toBe(info.input.scale);
    expect(MOBILEFACENET.channels).toBe(info.input.channels.toLowerCase());
    expect(MOBILEFACENET.layout).toBe(info.input.layout.toLowerCase());
    expect(info.input.template).toBe('arcface');
    expect(MOBILEFACENET.template).toBe(ARCFACE_TEMPLATE_112);
    expect(MOBILEFACENET.embeddingSize).toBe(info.embedding.size);
    expect(MOBILEFACENET.metric).toBe(info.metric);
    expect([MOBILEFACENET.inputName]).toEqual(info.inputs.map((i) => i.name));
    expect([MOBILEFACENET.outputName]).toEqual(info.outputs.map((o) => o.name));
    expect(MOBILEFACENET_MODEL.portable).toBe(MOBILEFACENET_MODEL_URL);
    const bytes = readFileSync(MOBILEFACENET_MODEL_URL);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(info.sha256);
    expect(MOBILEFACENET_MODEL.nchwc).toBe(MOBILEFACENET_NCHWC_MODEL_URL);
    const nchwcBytes = readFileSync(MOBILEFACENET_NCHWC_MODEL_URL);
    expect(createHash('sha256').update(nchwcBytes).digest('hex')).toBe(info.forms.nchwc.sha256);
    expect(MOBILEFACENET_NCHWC_MODEL_URL.pathname.endsWith(`/model/${info.forms.nchwc.file}`)).toBe(true);
    expect(MOBILEFACENET.threshold).toBe(info.threshold);
    expect(MOBILEFACENET_THRESHOLD).toBe(info.threshold);
  });
});

describe('mobilefacenet()', () => {
  it('is the descriptor with its model, and takes a model, a backend and a threshold', () => {
    const embedder = mobilefacenet();
    expect({ ...embedder, model: undefined }).toEqual({ ...MOBILEFACENET, model: undefined });
    expect(embedder.model).toBe(MOBILEFACENET_MODEL);
    expect(embedder.backend).toBeUndefined();
    const bytes = new Uint8Array([1, 2, 3]);
    const custom = mobilefacenet({ model: bytes, backend, threshold: 0.6 });
    expect(custom.model).toBe(bytes);
    expect(custom.backend).toBe(backend);
    expect(custom.threshold).toBe(0.6);
    expect(custom.id).toBe(MOBILEFACENET.id);
  });
});
