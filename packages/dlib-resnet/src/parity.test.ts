// The proof: @vladmandic/face-api's own FaceRecognitionNet, run by TensorFlow.js in Node on weights tfjs decodes
// itself, against our ONNX model on onnxruntime-node, on real face chips of the sample photos. The two share no
// code: face-api builds the network from its weight map with tfjs ops; ours is the converter's ONNX graph.

import type { RgbImage, Session } from '@mtcnn/core';
import { readTfjsWeights } from '@mtcnn/weights';
import type * as Tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DLIB_150_TEMPLATE, DLIB_RESNET } from './index.js';
import {
  arcfaceChip150,
  chip,
  embedderSession,
  type FaceApi,
  faceApiRoot,
  faceApiWeights,
  flipped,
  loadFaceApi,
  modelInput,
  type SampleFace,
  sampleFaces,
} from './test-support.js';

// face-api normalises as (x − mean) / 255, dlib (and our convention) as / 256: for the comparison our model gets
// face-api's input. The normalisation happens before the network; the network is what is compared.
const FACE_API_SCALE = 1 / 255;
/**
 * Float32 rounding through 29 convolutions summed in different orders (tfjs's XNNPACK or JS loops vs onnxruntime's
 * MLAS) and the scale folded into the kernels: measured differences are a few 1e-7 on components of magnitude
 * ~0.1; 1e-5 leaves room for other CPUs while staying far below anything that moves a distance against 0.6.
 */
const TOLERANCE = 1e-5;

let faceapi: FaceApi;
let tf: typeof Tf;
let faces: SampleFace[];
let session: Session;

beforeAll(async () => {
  faceapi = loadFaceApi();
  tf = faceapi.tf;
  await tf.setBackend('wasm');
  await tf.ready();
  [faces, session] = await Promise.all([sampleFaces(), embedderSession()]);
});

afterAll(async () => {
  await session?.dispose();
});

async function ours(chips: RgbImage[]): Promise<Float32Array> {
  const out = await session.run({
    input: { data: modelInput(chips, FACE_API_SCALE), dims: [chips.length, 3, 150, 150] },
  });
  return out.embedding!.data;
}

async function faceApiDescriptors(backend: 'wasm' | 'cpu', chips: RgbImage[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  await tf.ready();
  const net = new faceapi.FaceRecognitionNet();
  net.loadFromWeightMap(faceApiWeights(tf, 'face_recognition_model'));
  const out: Float32Array[] = [];
  for (const c of chips) {
    const input = tf.tensor3d(Int32Array.from(c.data), [c.height, c.width, 3], 'int32');
    out.push(await net.computeFaceDescriptor(input));
    input.dispose();
  }
  return out;
}

function maxDifference(reference: Float32Array[], flat: Float32Array): number {
  let max = 0;
  reference.forEach((r, b) => {
    expect(r.length).toBe(DLIB_RESNET.embeddingSize);
    for (let i = 0; i < r.length; i++) max = Math.max(max, Math.abs(r[i]! - flat[b * r.length + i]!));
  });
  return max;
}

describe('the tfjs weights reader', () => {
  it('decodes all 117 tensors bit for bit as tfjs does (109 uint8-quantised, 8 float32)', () => {
    const { weights } = readTfjsWeights(`${faceApiRoot}/model/face_recognition_model-weights_manifest.json`);
    const reference = faceApiWeights(tf, 'face_recognition_model');
    expect([...weights.keys()]).toEqual(Object.keys(reference));
    expect([...weights.values()].filter((w) => w.quantization?.dtype === 'uint8').length).toBe(109);
    for (const [name, w] of weights) {
      const t = reference[name]!;
      expect(w.shape, name).toEqual(t.shape);
      const theirs = t.dataSync() as Float32Array;
      expect(theirs.length, name).toBe(w.data.length);
      // Same bits: Object.is also tells 0 from −0, which === does not.
      let differing = 0;
      for (let i = 0; i < theirs.length; i++) if (!Object.is(theirs[i], w.data[i])) differing++;
      expect(differing, name).toBe(0);
    }
  });
});

describe('ONNX vs face-api FaceRecognitionNet on real faces', () => {
  it(`agrees within ${TOLERANCE} on every component: all sample faces, dlib and ArcFace chips, mirrored (tfjs WASM)`, async () => {
    expect(faces.length).toBe(22);
    const chips = faces.flatMap((f) => {
      const c = chip(f.image, f.face, DLIB_150_TEMPLATE);
      return [c, flipped(c), arcfaceChip150(f.image, f.face)];
    });
    const reference = await faceApiDescriptors('wasm', chips);
    const max = maxDifference(reference, await ours(chips));
    console.log(`face-api (tfjs wasm) vs ONNX: ${chips.length} chips, max |Δ| ${max.toExponential(2)}`);
    expect(max).toBeLessThanOrEqual(TOLERANCE);
  });

  it(`agrees within ${TOLERANCE} with tfjs's plain JavaScript CPU backend too (three faces: it is slow)`, async () => {
    const chips = faces.slice(0, 3).map((f) => chip(f.image, f.face, DLIB_150_TEMPLATE));
    const reference = await faceApiDescriptors('cpu', chips);
    const max = maxDifference(reference, await ours(chips));
    console.log(`face-api (tfjs cpu) vs ONNX: ${chips.length} chips, max |Δ| ${max.toExponential(2)}`);
    expect(max).toBeLessThanOrEqual(TOLERANCE);
  });
});
