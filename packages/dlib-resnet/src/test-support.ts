// Shared by the tests (excluded from the build): real faces from the sample photos, chips, embeddings, and
// @vladmandic/face-api's own network on TensorFlow.js as the reference.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { onnxNodeBackend } from '@mtcnn/backend-onnx/node';
import {
  type AffineMatrix,
  type AlignmentTemplate,
  ARCFACE_TEMPLATE_112,
  alignFace,
  createDetector,
  decodeImageFile,
  type Face,
  type RgbImage,
  type Session,
  warpAffine,
} from '@mtcnn/core/node';
import { sampleNames, samplePath } from '@mtcnn/fixtures';
import { onet } from '@mtcnn/onet';
import { pnet } from '@mtcnn/pnet';
import { rnet } from '@mtcnn/rnet';
import type * as Tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { DLIB_RESNET, DLIB_RESNET_MODEL } from './index.js';

/** Faces smaller than this are left out: the one below it on the samples is a false detection (a dress pattern). */
export const MIN_FACE_SIZE = 100;
/** The rescaled copy of each photo that the faces are detected in again, as positives of the same face. */
export const RESCALE = 0.5;

export interface SampleFace {
  photo: string;
  image: RgbImage;
  face: Face;
  /** The same face detected in the photo resized by RESCALE (undefined where the detector missed it). */
  rescaled?: { image: RgbImage; face: Face };
}

function overlap(a: Face['box'], b: Face['box']): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  const inter = Math.max(0, w) * Math.max(0, h);
  return inter / (a.width * a.height + b.width * b.height - inter);
}

/** Every face of the six sample photos (MTCNN, onnxruntime-node CPU), with its re-detection at half size. */
export async function sampleFaces(): Promise<SampleFace[]> {
  const detector = await createDetector({ backend: onnxNodeBackend(), stages: [pnet(), rnet(), onet()] });
  try {
    const faces: SampleFace[] = [];
    for (const photo of sampleNames) {
      const image = await decodeImageFile(samplePath(photo));
      const width = Math.round(image.width * RESCALE);
      const raw = await sharp(samplePath(photo))
        .resize(width)
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      const small: RgbImage = {
        data: new Uint8Array(raw.data),
        width: raw.info.width,
        height: raw.info.height,
      };
      const found = await detector.detect(image);
      const again = await detector.detect(small);
      const r = image.width / small.width;
      for (const face of found.filter((f) => f.box.width >= MIN_FACE_SIZE)) {
        const match = again
          .map((g) => {
            const box = { x: g.box.x * r, y: g.box.y * r, width: g.box.width * r, height: g.box.height * r };
            return { g, iou: overlap(face.box, box) };
          })
          .sort((a, b) => b.iou - a.iou)[0];
        faces.push({
          photo,
          image,
          face,
          ...(match && match.iou > 0.5 ? { rescaled: { image: small, face: match.g } } : {}),
        });
      }
    }
    return faces;
  } finally {
    await detector.dispose();
  }
}

/** A chip with the template's five points. */
export function chip(image: RgbImage, face: Face, template: AlignmentTemplate): RgbImage {
  return alignFace(image, face, template).image;
}

const ARCFACE_UP = 150 / 112;
/** 112 px → 150 px with pixel centres on integers: u′ = (u + ½)·s − ½. */
const UPSCALE: AffineMatrix = [ARCFACE_UP, 0, ARCFACE_UP / 2 - 0.5, 0, ARCFACE_UP, ARCFACE_UP / 2 - 0.5];

/** The failing crop: ArcFace's 112 px chip, bilinearly upscaled to 150 px. */
export function arcfaceChip150(image: RgbImage, face: Face): RgbImage {
  return warpAffine(alignFace(image, face, ARCFACE_TEMPLATE_112).image, UPSCALE, 150, 150);
}

/** The chip mirrored left to right. */
export function flipped(c: RgbImage): RgbImage {
  const data = new Uint8Array(c.data.length);
  for (let y = 0; y < c.height; y++) {
    for (let x = 0; x < c.width; x++) {
      const to = (y * c.width + x) * 3;
      const from = (y * c.width + (c.width - 1 - x)) * 3;
      data[to] = c.data[from]!;
      data[to + 1] = c.data[from + 1]!;
      data[to + 2] = c.data[from + 2]!;
    }
  }
  return { data, width: c.width, height: c.height };
}

/** Chips as the model's input: NCHW, (x − mean) · scale (dlib's 1/256 unless told otherwise). */
export function modelInput(chips: readonly RgbImage[], scale: number = DLIB_RESNET.scale): Float32Array {
  const n = DLIB_RESNET.inputSize * DLIB_RESNET.inputSize;
  // dlib's mean is per channel; core's descriptor type also allows one number for all three.
  const mean = DLIB_RESNET.mean as readonly [number, number, number];
  const data = new Float32Array(chips.length * 3 * n);
  chips.forEach((c, b) => {
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < 3; k++) data[(b * 3 + k) * n + i] = (c.data[3 * i + k]! - mean[k]!) * scale;
    }
  });
  return data;
}

/** The packaged model in a session of onnxruntime-node's CPU backend, on the calling thread. */
export async function embedderSession(): Promise<Session> {
  return onnxNodeBackend({ workerThreads: 0 }).createSession(DLIB_RESNET_MODEL);
}

/** One embedding per chip. */
export async function embed(session: Session, chips: readonly RgbImage[]): Promise<Float32Array[]> {
  const size = DLIB_RESNET.inputSize;
  const out = await session.run({ input: { data: modelInput(chips), dims: [chips.length, 3, size, size] } });
  const data = out.embedding!.data;
  return chips.map((_, b) => data.slice(b * 128, (b + 1) * 128));
}

export function euclidean(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(s);
}

/** Deterministic PRNG (mulberry32), and normal deviates from it (Box–Muller). */
export function gaussian(seed: number): () => number {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** The parts of @vladmandic/face-api the tests use. */
export interface FaceApi {
  tf: typeof Tf;
  FaceRecognitionNet: new () => {
    loadFromWeightMap(map: Tf.NamedTensorMap): void;
    computeFaceDescriptor(input: Tf.Tensor3D): Promise<Float32Array>;
  };
  FaceLandmark68Net: new () => {
    loadFromWeightMap(map: Tf.NamedTensorMap): void;
    detectLandmarks(input: Tf.Tensor3D): Promise<{ positions: { x: number; y: number }[] }>;
  };
}

const require = createRequire(import.meta.url);
export const faceApiRoot = dirname(require.resolve('@vladmandic/face-api/package.json'));

/**
 * face-api's Node build for the WASM backend (dist/face-api.node-wasm.js, CommonJS). It requires @tensorflow/tfjs
 * and @tensorflow/tfjs-backend-wasm, which face-api does not declare: so it is evaluated with this package's
 * require, which resolves them to our devDependencies.
 */
export function loadFaceApi(): FaceApi {
  const file = join(faceApiRoot, 'dist', 'face-api.node-wasm.js');
  const module = { exports: {} as FaceApi };
  const run = new Function(
    'exports',
    'require',
    'module',
    '__filename',
    '__dirname',
    readFileSync(file, 'utf8'),
  );
  run(module.exports, require, module, file, dirname(file));
  return module.exports;
}

/** A face-api model's tensors, decoded by tfjs itself from the shipped manifest and shard. */
export function faceApiWeights(tf: typeof Tf, model: string): Tf.NamedTensorMap {
  const manifest = JSON.parse(
    readFileSync(join(faceApiRoot, 'model', `${model}-weights_manifest.json`), 'utf8'),
  ) as {
    paths: string[];
    weights: Tf.io.WeightsManifestEntry[];
  }[];
  if (manifest.length !== 1 || manifest[0]!.paths.length !== 1)
    throw new Error(`${model}: expected one shard`);
  const bin = readFileSync(join(faceApiRoot, 'model', manifest[0]!.paths[0]!));
  const buffer = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer;
  return tf.io.decodeWeights(buffer, manifest[0]!.weights);
}
