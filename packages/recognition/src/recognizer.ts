import { alignFace, type Face, MtcnnError, type RgbImage, readImage, type Session } from '@mtcnn/core';
import { lanesOf } from '@mtcnn/core/stage-kit';
import { checkEmbedder } from './descriptor.js';
import { checkCrop, fillInput, type InputPlan, inputPlan } from './preprocess.js';
import type { EmbeddedFace, Recognizer, RecognizerOptions, Verification } from './types.js';
import { accepts, checkThreshold, compareEmbeddings, scoreOf } from './vectors.js';

/** Crops per model run by default: large enough that a run's fixed cost is small, small enough to stay cheap. */
export const DEFAULT_BATCH_SIZE = 32;

function checkPixels(image: RgbImage): void {
  const ok =
    image !== null &&
    typeof image === 'object' &&
    (image.data instanceof Uint8Array || image.data instanceof Uint8ClampedArray) &&
    Number.isInteger(image.width) &&
    Number.isInteger(image.height) &&
    image.width > 0 &&
    image.height > 0 &&
    image.data.length === image.width * image.height * 3;
  if (!ok) {
    throw new MtcnnError(
      'INVALID_IMAGE',
      'embedFaces needs RGB pixels { data, width, height } with 3 bytes per pixel (readImage makes them)',
    );
  }
}

/** How to cut `items` model inputs into runs: at most `batchSize` each, and at least one per lane. */
export function planRuns(items: number, batchSize: number, lanes: number): number[] {
  if (items === 0) return [];
  const runs = Math.max(Math.ceil(items / batchSize), Math.min(lanes, items));
  const per = Math.ceil(items / runs);
  const sizes: number[] = [];
  for (let start = 0; start < items; start += per) sizes.push(Math.min(per, items - start));
  return sizes;
}

/**
 * Loads the embedder's model and returns a recognizer. The session is created here, so a missing or broken model
 * fails now (MODEL_LOAD_FAILED), not at the first face; bad options are INVALID_OPTION. The detector, if given, is
 * the caller's: `dispose` leaves it alone.
 */
export async function createRecognizer(options: RecognizerOptions): Promise<Recognizer> {
  if (options === null || typeof options !== 'object') {
    throw new MtcnnError('INVALID_OPTION', 'createRecognizer needs an options object with an embedder');
  }
  const embedder = options.embedder;
  const descriptor = checkEmbedder(embedder);
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new MtcnnError('INVALID_OPTION', `batchSize must be a positive integer, got ${String(batchSize)}`);
  }
  const flip = options.flip ?? false;
  if (typeof flip !== 'boolean') throw new MtcnnError('INVALID_OPTION', 'flip must be true or false');
  const { detector, decodeImage } = options;
  if (detector !== undefined && (detector === null || typeof detector.detect !== 'function')) {
    throw new MtcnnError('INVALID_OPTION', 'detector must be a detector (createDetector)');
  }
  const backend = embedder.backend ?? options.backend;
  if (!backend) {
    throw new MtcnnError('INVALID_OPTION', `no backend for embedder ${descriptor.id}: pass options.backend`);
  }

  let session: Session;
  try {
    session = await backend.createSession(embedder.model);
  } catch (cause) {
    if (cause instanceof MtcnnError) throw cause;
    const why = cause instanceof Error ? cause.message : String(cause);
    throw new MtcnnError(
      'MODEL_LOAD_FAILED',
      `could not load embedder ${descriptor.id} on ${backend.name}: ${why}`,
      { cause },
    );
  }
  const missing = [
    session.inputNames.includes(descriptor.inputName) ? undefined : `input ${descriptor.inputName}`,
    session.outputNames.includes(descriptor.outputName) ? undefined : `output ${descriptor.outputName}`,
  ].filter(Boolean);
  if (missing.length > 0) {
    await session.dispose();
    throw new MtcnnError(
      'MODEL_LOAD_FAILED',
      `embedder ${descriptor.id}: the model has no ${missing.join(' and ')} (it has inputs ` +
        `${session.inputNames.join(', ')} and outputs ${session.outputNames.join(', ')})`,
    );
  }

  const plan: InputPlan = inputPlan(descriptor);
  const lanes = lanesOf(session);
  const views = flip ? 2 : 1;
  const { inputSize: size, embeddingSize: dim } = descriptor;
  let disposed = false;
  const inFlight = new Set<Promise<unknown>>();

  /** One model run over items [first, first + count) (item i: crop ⌊i / views⌋, mirrored when i is odd under flip). */
  async function runItems(crops: readonly RgbImage[], first: number, count: number): Promise<Float32Array> {
    const input = new Float32Array(count * 3 * size * size);
    for (let k = 0; k < count; k++) {
      const item = first + k;
      fillInput(crops[Math.floor(item / views)]!, plan, flip && item % 2 === 1, input, k);
    }
    let outputs: Awaited<ReturnType<Session['run']>>;
    try {
      outputs = await session.run({ [descriptor.inputName]: { data: input, dims: [count, 3, size, size] } });
    } catch (cause) {
      if (cause instanceof MtcnnError) throw cause;
      const why = cause instanceof Error ? cause.message : String(cause);
      throw new MtcnnError('INFERENCE_FAILED', `embedder ${descriptor.id} failed: ${why}`, { cause });
    }
    const out = outputs[descriptor.outputName];
    if (!out || out.data.length !== count * dim) {
      throw new MtcnnError(
        'INFERENCE_FAILED',
        `embedder ${descriptor.id}: output ${descriptor.outputName} has ${String(out?.data.length)} values for ` +
          `${count} crops, expected ${count * dim} ([${count}, ${dim}])`,
      );
    }
    return out.data;
  }

  async function embedCrops(crops: readonly RgbImage[]): Promise<Float32Array[]> {
    const items = crops.length * views;
    const sizes = planRuns(items, batchSize, lanes);
    const starts = sizes.map((_, i) => sizes.slice(0, i).reduce((a, b) => a + b, 0));
    // Every run is started at once: a session with several lanes runs them side by side.
    const results = await Promise.all(sizes.map((count, i) => runItems(crops, starts[i]!, count)));
    const raw = new Float32Array(items * dim);
    for (const [i, data] of results.entries()) raw.set(data, starts[i]! * dim);
    return crops.map((_, c) => {
      const embedding = new Float32Array(dim);
      // Flip fusion adds the two views' raw outputs before normalising, as insightface's evaluation does.
      for (let v = 0; v < views; v++) {
        const from = (c * views + v) * dim;
        for (let j = 0; j < dim; j++) embedding[j]! += raw[from + j]!;
      }
      let sum = 0;
      for (let j = 0; j < dim; j++) sum += embedding[j]! * embedding[j]!;
      const norm = Math.sqrt(sum);
      if (!(norm > 0) || !Number.isFinite(norm)) {
        throw new MtcnnError(
          'INFERENCE_FAILED',
          `embedder ${descriptor.id} gave a zero or non-finite embedding`,
        );
      }
      for (let j = 0; j < dim; j++) embedding[j]! /= norm;
      return embedding;
    });
  }

  function track<T>(work: () => Promise<T>): Promise<T> {
    if (disposed) {
      return Promise.reject(
        new MtcnnError('RECOGNIZER_DISPOSED', 'the recognizer was disposed; create a new one'),
      );
    }
    const promise = work();
    inFlight.add(promise);
    const forget = () => inFlight.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  async function embedFaces(image: RgbImage, faces: readonly Face[]): Promise<EmbeddedFace[]> {
    checkPixels(image);
    if (!Array.isArray(faces)) throw new MtcnnError('INVALID_OPTION', 'faces must be an array of faces');
    const crops = faces.map((face, i) => {
      if (!face?.landmarks) {
        throw new MtcnnError(
          'INVALID_OPTION',
          `face ${i} has no landmarks: embedding aligns each face by its five landmarks (run the cascade through onet)`,
        );
      }
      return alignFace(image, face, descriptor.template).image;
    });
    const embeddings = await embedCrops(crops);
    return faces.map((face, i) => ({ face, embedding: embeddings[i]! }));
  }

  function checkEmbedding(e: Float32Array, what: string): void {
    if (!(e instanceof Float32Array) || e.length !== dim) {
      throw new MtcnnError(
        'INVALID_OPTION',
        `${what} must be a Float32Array of ${dim} values (embedder ${descriptor.id}), got ` +
          `${e instanceof Float32Array ? `${e.length} values` : String(e)}`,
      );
    }
  }

  const recognizer: Recognizer = {
    embedder: descriptor,
    embedFaces: (image, faces) => track(() => embedFaces(image, faces)),
    detectAndEmbed: (image, detectOptions) =>
      track(async () => {
        if (!detector) {
          throw new MtcnnError('INVALID_OPTION', 'detectAndEmbed needs a detector: pass options.detector');
        }
        const pixels = await readImage(image, {
          ...(decodeImage ? { decodeImage } : {}),
          ...(detectOptions?.maxPixels !== undefined ? { maxPixels: detectOptions.maxPixels } : {}),
        });
        return embedFaces(pixels, await detector.detect(pixels, detectOptions));
      }),
    embedAligned: (crops) =>
      track(async () => {
        if (!Array.isArray(crops))
          throw new MtcnnError('INVALID_IMAGE', 'embedAligned needs an array of crops');
        for (const [i, crop] of crops.entries()) checkCrop(crop, size, `crop ${i}`);
        return embedCrops(crops);
      }),
    similarity(a, b) {
      checkEmbedding(a, 'a');
      checkEmbedding(b, 'b');
      return compareEmbeddings(a, b);
    },
    verify(a, b, verifyOptions): Verification {
      checkEmbedding(a, 'a');
      checkEmbedding(b, 'b');
      const threshold = checkThreshold(verifyOptions?.threshold ?? descriptor.threshold, descriptor.metric);
      const comparison = compareEmbeddings(a, b);
      return {
        ...comparison,
        same: accepts(scoreOf(comparison, descriptor.metric), descriptor.metric, threshold),
        metric: descriptor.metric,
        threshold,
      };
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      await Promise.allSettled([...inFlight]);
      await session.dispose();
    },
  };
  return recognizer;
}
