// Shared helpers for the tests (excluded from the build: it needs the dev-only sharp and onnxruntime).
import { samplePath } from '@mtcnn/fixtures';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { buildModel, type ModelForm } from './build.js';
import { interpret, type Tensor } from './interpreter.js';
import { loadSource, type Stage } from './source.js';
import { stageSpecs } from './stages.js';
import type { OperatorOptions, TfliteModel, TfliteTensor } from './tflite-reader.js';
import { TensorType } from './tflite-schema.js';

/** Deterministic PRNG (mulberry32) so random inputs are the same on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A batch of images in our model layout: NCHW, natural orientation, already normalised. */
export interface Batch {
  n: number;
  h: number;
  w: number;
  data: Float32Array;
}

export const normalise = (v: number) => (v - 127.5) * 0.0078125;

/** Uniform random values over the normalised pixel range [-1, 1). */
export function randomBatch(seed: number, n: number, h: number, w: number): Batch {
  const rand = prng(seed);
  const data = new Float32Array(n * 3 * h * w);
  for (let i = 0; i < data.length; i++) data[i] = normalise(rand() * 256 - 0.5);
  return { n, h, w, data };
}

/** Packs RGB HWC uint8 images (all h x w) into a normalised NCHW batch. */
export function batchFromRgb(images: Uint8Array[], h: number, w: number): Batch {
  const data = new Float32Array(images.length * 3 * h * w);
  images.forEach((img, b) => {
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let c = 0; c < 3; c++)
          data[((b * 3 + c) * h + y) * w + x] = normalise(img[(y * w + x) * 3 + c]!);
  });
  return { n: images.length, h, w, data };
}

/** The same batch as the source graphs want it: NHWC of the transposed image, [N, W, H, 3]. */
export function transposedNhwc(b: Batch): Tensor {
  const out = new Float64Array(b.data.length);
  for (let n = 0; n < b.n; n++)
    for (let c = 0; c < 3; c++)
      for (let y = 0; y < b.h; y++)
        for (let x = 0; x < b.w; x++)
          out[((n * b.w + x) * b.h + y) * 3 + c] = b.data[((n * 3 + c) * b.h + y) * b.w + x]!;
  return { shape: [b.n, b.w, b.h, 3], data: out };
}

/** The same batch as natural-orientation graphs (MobileFaceNet) want it: NHWC, [N, H, W, 3]. */
export function naturalNhwc(b: Batch): Tensor {
  const out = new Float64Array(b.data.length);
  for (let n = 0; n < b.n; n++)
    for (let c = 0; c < 3; c++)
      for (let y = 0; y < b.h; y++)
        for (let x = 0; x < b.w; x++)
          out[((n * b.h + y) * b.w + x) * 3 + c] = b.data[((n * 3 + c) * b.h + y) * b.w + x]!;
  return { shape: [b.n, b.h, b.w, 3], data: out };
}

const sample1 = samplePath('sample1.jpg');

/** A crop of sample1.jpg (box [x1, y1, x2, y2] in pixels) resized to size x size, RGB HWC. */
export async function sampleCrop(box: [number, number, number, number], size: number): Promise<Uint8Array> {
  const [x1, y1, x2, y2] = box.map(Math.round) as [number, number, number, number];
  const buf = await sharp(sample1)
    .extract({ left: x1, top: y1, width: x2 - x1, height: y2 - y1 })
    .resize(size, size, { fit: 'fill' })
    .removeAlpha()
    .raw()
    .toBuffer();
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** The whole of sample1.jpg downscaled to width w (height follows the aspect ratio). */
export async function sampleWhole(w: number): Promise<{ rgb: Uint8Array; w: number; h: number }> {
  const { data, info } = await sharp(sample1)
    .resize(w)
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    rgb: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    w: info.width,
    h: info.height,
  };
}

const sessions = new Map<string, Promise<ort.InferenceSession>>();
/**
 * An onnxruntime-node CPU session on the freshly built (in-memory) model of a stage: the portable model, or
 * one of its tuned forms.
 */
export function session(
  stage: Stage,
  form: 'portable' | ModelForm = 'portable',
): Promise<ort.InferenceSession> {
  const key = `${stage}.${form}`;
  let s = sessions.get(key);
  if (s === undefined) {
    const built = buildModel(stage);
    const bytes = form === 'portable' ? built.bytes : built.forms[form];
    s = ort.InferenceSession.create(bytes, { executionProviders: ['cpu'] });
    sessions.set(key, s);
  }
  return s;
}

export interface Output {
  dims: number[];
  data: Float32Array;
}

export async function runOnnx(s: ort.InferenceSession, b: Batch): Promise<Record<string, Output>> {
  const r = await s.run({ input: new ort.Tensor('float32', b.data, [b.n, 3, b.h, b.w]) });
  const out: Record<string, Output> = {};
  for (const [k, v] of Object.entries(r)) out[k] = { dims: [...v.dims], data: v.data as Float32Array };
  return out;
}

const sources = new Map<Stage, ReturnType<typeof loadSource>>();
/**
 * Runs the ORIGINAL TFLite graph in our interpreter on the transposed batch; returns its outputs
 * under our output names (prob, reg, landmarks).
 */
export function runReference(stage: Stage, b: Batch): Record<string, Tensor> {
  let src = sources.get(stage);
  if (src === undefined) {
    src = loadSource(stage);
    sources.set(stage, src);
  }
  const raw = interpret(src.model, [transposedNhwc(b)]);
  const out: Record<string, Tensor> = {};
  for (const o of stageSpecs[stage].outputs) out[o.name] = raw.get(o.source)!;
  return out;
}

/** Max |ours - ref| and max |ref|; ours NCHW [N, C, H, W] or [N, C], ref NHWC [N, H, W, C] or [N, C]. */
export function compareNatural(ours: { dims: readonly number[]; data: Float32Array }, ref: Tensor) {
  let diff = 0;
  let scale = 0;
  const [n, c, h = 1, w = 1] = ours.dims as number[];
  const expected = ours.dims.length === 4 ? [n, h, w, c] : [n, c];
  if (ref.shape.join() !== expected.join()) throw new Error(`shape [${ref.shape}] != [${expected}]`);
  for (let b = 0; b < n!; b++)
    for (let ch = 0; ch < c!; ch++)
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) {
          const a = ours.data[((b * c! + ch) * h + y) * w + x]!;
          const r = ref.data[((b * h + y) * w + x) * c! + ch]!;
          diff = Math.max(diff, Math.abs(a - r));
          scale = Math.max(scale, Math.abs(r));
        }
  return { diff, scale };
}

/**
 * Max |ours - reference| for one output. 4-D outputs: ours is [N, C, h, w], the reference is
 * the transposed map [N, w, h, C]. 2-D outputs have the same [N, C] layout in both.
 */
export function maxAbsDiff(ours: Output, ref: Tensor): number {
  let max = 0;
  if (ours.dims.length === 4) {
    const [n, c, h, w] = ours.dims as [number, number, number, number];
    const expected = [n, w, h, c];
    if (ref.shape.join() !== expected.join()) throw new Error(`shape [${ref.shape}] != [${expected}]`);
    for (let b = 0; b < n; b++)
      for (let ch = 0; ch < c; ch++)
        for (let y = 0; y < h; y++)
          for (let x = 0; x < w; x++) {
            const a = ours.data[((b * c + ch) * h + y) * w + x]!;
            const r = ref.data[((b * w + x) * h + y) * c + ch]!;
            max = Math.max(max, Math.abs(a - r));
          }
    return max;
  }
  if (ref.shape.join() !== ours.dims.join()) throw new Error(`shape [${ref.shape}] != [${ours.dims}]`);
  for (let i = 0; i < ours.data.length; i++) max = Math.max(max, Math.abs(ours.data[i]! - ref.data[i]!));
  return max;
}

export interface FakeTensor {
  shape: number[];
  data?: number[];
  int32?: boolean;
}

/** A one-op model: tensors[0] is the input, the last tensor the output, the rest constants. */
export function oneOp(opName: string, options: OperatorOptions, tensors: FakeTensor[]): TfliteModel {
  const buffers: Uint8Array[] = [new Uint8Array(0)];
  const ts: TfliteTensor[] = tensors.map((t, index) => {
    let buffer = 0;
    if (t.data !== undefined) {
      const bytes = new Uint8Array(4 * t.data.length);
      const view = new DataView(bytes.buffer);
      for (const [i, v] of t.data.entries()) {
        if (t.int32) view.setInt32(4 * i, v, true);
        else view.setFloat32(4 * i, v, true);
      }
      buffer = buffers.push(bytes) - 1;
    }
    const type = t.int32 ? TensorType.INT32 : TensorType.FLOAT32;
    return { index, name: `t${index}`, shape: t.shape, type, buffer, quantized: false };
  });
  const last = tensors.length - 1;
  return {
    version: 3,
    description: 'test',
    buffers,
    subgraphs: [
      {
        name: '',
        tensors: ts,
        inputs: [0],
        outputs: [last],
        operators: [
          {
            opcode: 0,
            opName,
            customCode: null,
            inputs: tensors.slice(0, last).map((_, i) => i),
            outputs: [last],
            options,
          },
        ],
      },
    ],
  };
}
