// The export round trip: the released weights exported as trained weights give the shipped models' outputs bit
// for bit on onnxruntime-node and the detector's faces on the sample photos; changed weights change outputs;
// weights that do not fit the graph are refused.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onnxNodeBackend } from '@mtcnn/backend-onnx/node';
import { createDetector, decodeImageFile, type Face } from '@mtcnn/core/node';
import { matchFaces } from '@mtcnn/core/testing';
import { loadGolden, samplePath } from '@mtcnn/fixtures';
import { onet } from '@mtcnn/onet';
import { pnet } from '@mtcnn/pnet';
import { rnet } from '@mtcnn/rnet';
import { type Initializer, provenance, type Stage, stages } from '@mtcnn/weights';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ExportedModel,
  exportStage,
  licenceNote,
  type TrainingInfo,
  trainedGraph,
  WIDER_LICENCE,
} from './export.js';
import { stageGraph } from './stage-graph.js';
import { TrainError, type TrainErrorCode } from './train-error.js';

/** The shipped model of a stage (the one the detector runs by default), in the given form. */
function shippedModelPath(stage: Stage, form: 'portable' | 'nchwc'): string {
  const file = form === 'portable' ? `${stage}.onnx` : `${stage}.nchwc.onnx`;
  return createRequire(import.meta.url).resolve(`@mtcnn/${stage}/model/${file}`);
}

/** An NCHW input of the model convention: (x − 127.5) × 0.0078125, RGB. */
interface ModelInput {
  data: Float32Array;
  dims: [number, number, number, number];
}

/**
 * The reference faces of the sample photos cut out with a margin and resized to width × height with sharp,
 * as one batch: real faces (and their surroundings), the inputs the stages see.
 */
async function faceCrops(width: number, height: number, count: number): Promise<ModelInput> {
  const golden = loadGolden();
  const boxes: { file: string; box: [number, number, number, number] }[] = [];
  for (const [file, image] of Object.entries(golden.results)) {
    for (const face of image.faces) boxes.push({ file, box: face.box });
  }
  const plane = width * height;
  const data = new Float32Array(count * 3 * plane);
  for (let n = 0; n < count; n++) {
    const { file, box } = boxes[n % boxes.length]!;
    // Each round over the faces takes a looser margin, so repeated faces give other crops.
    const margin = 0.1 + 0.15 * Math.floor(n / boxes.length);
    const w = box[2] - box[0];
    const h = box[3] - box[1];
    const left = Math.max(0, Math.round(box[0] - margin * w));
    const top = Math.max(0, Math.round(box[1] - margin * h));
    const { data: rgb } = await sharp(samplePath(file))
      .extract({
        left,
        top,
        width: Math.round(w * (1 + 2 * margin)),
        height: Math.round(h * (1 + 2 * margin)),
      })
      .resize(width, height, { fit: 'fill' })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    for (let i = 0; i < plane; i++) {
      for (let c = 0; c < 3; c++) data[(n * 3 + c) * plane + i] = (rgb[i * 3 + c]! - 127.5) * 0.0078125;
    }
  }
  return { data, dims: [count, 3, height, width] };
}

/** Runs a model file once on onnxruntime-node's CPU provider and returns its outputs by name. */
async function runModel(path: string, input: ModelInput): Promise<Record<string, Float32Array>> {
  const session = await ort.InferenceSession.create(path, { executionProviders: ['cpu'] });
  try {
    const results = await session.run({ input: new ort.Tensor('float32', input.data, input.dims) });
    return Object.fromEntries(
      Object.entries(results).map(([name, tensor]) => [name, new Float32Array(tensor.data as Float32Array)]),
    );
  } finally {
    await session.release();
  }
}

const info: TrainingInfo = {
  dataset: 'tools/fixtures sample photos',
  datasetLicence: 'MIT (@vladmandic/face-api demo photos)',
  init: 'released',
  epochs: 0,
  samples: 0,
  finalLosses: { total: 0, face: 0, box: 0, faceAccuracy: 1 },
};

/** Each stage's input: real face crops; P-Net's are not square, so a transposed layout would show. */
const inputSizes: Record<Stage, [number, number]> = { pnet: [40, 56], rnet: [24, 24], onet: [48, 48] };
const CROPS = 8;

let dir: string;
const exported = new Map<Stage, ExportedModel>();
const inputs = new Map<Stage, ModelInput>();

function released(stage: Stage): Initializer[] {
  return stageGraph(stage).initializers.map((i) => ({ ...i, data: Float32Array.from(i.data) }));
}

function exportError(run: () => unknown): TrainError {
  try {
    run();
  } catch (e) {
    if (e instanceof TrainError) return e;
    throw e;
  }
  throw new Error('no TrainError thrown');
}

async function expectCode(promise: Promise<unknown>, code: TrainErrorCode, pattern: RegExp) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TrainError);
  expect((error as TrainError).code).toBe(code);
  expect((error as TrainError).message).toMatch(pattern);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mtcnn-export-'));
  for (const stage of stages) {
    exported.set(stage, await exportStage({ stage, initializers: released(stage), out: dir, info }));
    const [w, h] = inputSizes[stage];
    inputs.set(stage, await faceCrops(w, h, CROPS));
  }
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('exportStage with the released weights', () => {
  for (const stage of stages) {
    it(`${stage}: both forms give the shipped model's outputs bit for bit on real crops`, async () => {
      const model = exported.get(stage)!;
      const input = inputs.get(stage)!;
      for (const [form, path] of [
        ['portable', model.portable],
        ['nchwc', model.nchwc],
      ] as const) {
        const ours = await runModel(path, input);
        const shipped = await runModel(shippedModelPath(stage, form), input);
        expect(Object.keys(ours).sort()).toEqual(Object.keys(shipped).sort());
        for (const [name, values] of Object.entries(shipped)) {
          expect(values.length, `${stage} ${form} ${name}`).toBeGreaterThan(0);
          expect(ours[name], `${stage} ${form} ${name}`).toEqual(values);
        }
        // The crops are faces: the released network says so for most of them (prob channel 1 of each crop).
        if (stage !== 'pnet') {
          const prob = ours.prob!;
          const faces = Array.from({ length: CROPS }, (_, n) => prob[2 * n + 1]!).filter((p) => p > 0.5);
          expect(faces.length, `${stage} ${form} crops scored as faces`).toBeGreaterThanOrEqual(CROPS / 2);
        }
      }
    });
  }

  it('describes each file (bytes, sha256), the training and the licence', () => {
    const model = exported.get('onet')!;
    const saved = JSON.parse(readFileSync(model.infoPath, 'utf8'));
    expect(saved).toEqual(model.info);
    for (const file of [saved.portable, saved.nchwc]) {
      const bytes = readFileSync(join(dir, file.file));
      expect(file.bytes).toBe(bytes.length);
      expect(file.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
    expect(saved.training).toEqual(info);
    expect(saved.licence).toContain(provenance);
    expect(saved.licence).toContain('MIT (@vladmandic/face-api demo photos)');
  });

  it('drops into the detector as { portable, nchwc } and finds the sample faces', async () => {
    const model = (stage: Stage) => ({
      portable: exported.get(stage)!.portable,
      nchwc: exported.get(stage)!.nchwc,
    });
    const backend = onnxNodeBackend();
    const trained = await createDetector({
      backend,
      stages: [
        pnet({ model: model('pnet') }),
        rnet({ model: model('rnet') }),
        onet({ model: model('onet') }),
      ],
    });
    const shipped = await createDetector({ backend, stages: [pnet(), rnet(), onet()] });
    try {
      const golden = loadGolden();
      for (const file of ['sample1.jpg', 'sample4.jpg']) {
        const image = await decodeImageFile(samplePath(file));
        const faces: Face[] = await trained.detect(image);
        // Same models, same arithmetic: the very faces of the shipped models.
        expect(faces).toEqual(await shipped.detect(image));
        const { matches, extra } = matchFaces(faces, golden.results[file]!.faces);
        expect(extra, file).toEqual([]);
        // The reference faces, each found with a box overlapping it by IoU ≥ 0.9 (parity's figure is tighter).
        for (const m of matches) expect(m.iou, file).toBeGreaterThanOrEqual(0.9);
      }
    } finally {
      await trained.dispose();
      await shipped.dispose();
    }
  });
});

describe('exportStage with other weights', () => {
  it('a perturbed initializer changes the outputs', async () => {
    const weights = released('rnet');
    const conv = weights.find((i) => i.name.includes('conv1') && i.dims.length === 4)!;
    for (let k = 0; k < conv.data.length; k += 7) conv.data[k]! *= 1.05;
    const out = join(dir, 'perturbed');
    const model = await exportStage({ stage: 'rnet', initializers: weights, out, info });
    const input = inputs.get('rnet')!;
    const shipped = await runModel(shippedModelPath('rnet', 'portable'), input);
    for (const path of [model.portable, model.nchwc]) {
      const ours = await runModel(path, input);
      for (const name of ['prob', 'reg']) {
        const a = ours[name]!;
        const b = shipped[name]!;
        const changed = a.filter((v, k) => v !== b[k]).length;
        expect(changed, `${path} ${name}`).toBe(a.length);
      }
    }
  });

  it('refuses a missing, unknown, misshapen or non-finite initializer with a typed error', async () => {
    const out = join(dir, 'refused');
    const weights = released('pnet');
    await expectCode(
      exportStage({ stage: 'pnet', initializers: weights.slice(1), out, info }),
      'INITIALIZER_MISSING',
      /pnet\/conv1\/weights/,
    );
    await expectCode(
      exportStage({
        stage: 'pnet',
        initializers: [...weights, { ...weights[0]!, name: 'pnet/conv9' }],
        out,
        info,
      }),
      'INITIALIZER_UNKNOWN',
      /pnet\/conv9/,
    );
    const transposed = weights.map((i, k) => (k === 0 ? { ...i, dims: [3, 10, 3, 3] } : i));
    await expectCode(
      exportStage({ stage: 'pnet', initializers: transposed, out, info }),
      'INITIALIZER_SHAPE',
      /3×10×3×3, the graph needs 10×3×3×3/,
    );
    const short = weights.map((i, k) => (k === 1 ? { ...i, data: i.data.subarray(1) } : i));
    await expectCode(
      exportStage({ stage: 'pnet', initializers: short, out, info }),
      'INITIALIZER_SHAPE',
      /9 values/,
    );
    const diverged = weights.map((i, k) =>
      k === 2 ? { ...i, data: Float32Array.of(...i.data.slice(0, 9), Number.NaN) } : i,
    );
    await expectCode(
      exportStage({ stage: 'pnet', initializers: diverged, out, info }),
      'INITIALIZER_NOT_FINITE',
      /\[9\] is NaN/,
    );
    expect(exportError(() => trainedGraph('qnet' as Stage, weights)).code).toBe('UNKNOWN_STAGE');
    await expectCode(
      exportStage({ stage: 'qnet' as Stage, initializers: weights, out, info }),
      'UNKNOWN_STAGE',
      /qnet/,
    );
  });

  it('notes WIDER FACE as research use only, and no released lineage when trained from scratch', async () => {
    const model = await exportStage({
      stage: 'pnet',
      initializers: released('pnet'),
      out: join(dir, 'wider'),
      info: { ...info, dataset: '/data/wider-train-5-events', datasetLicence: undefined, init: 'scratch' },
    });
    expect(model.info.licence).toContain(WIDER_LICENCE);
    expect(model.info.licence).not.toContain(provenance);
    const distilled = licenceNote({
      ...info,
      init: 'scratch',
      samplesProvenance: 'landmarks: distilled from the released O-Net on each positive and part crop',
    });
    expect(distilled).toContain(`distilled from the released O-Net: ${provenance}`);
  });
});
