// Recognition speed on one backend, in a process of its own: MobileFaceNet embeddings per second at several batch
// sizes (aligned crops straight into the model), and a video frame with one face through detect + align + embed.
import { readFileSync } from 'node:fs';
import { alignFace, createDetector, type Model, type RgbImage } from '@mtcnn/core';
import { MOBILEFACENET, MOBILEFACENET_MODEL, mobilefacenet } from '@mtcnn/mobilefacenet';
import { createRecognizer, type Recognizer } from '@mtcnn/recognition';
import { arithmeticOf } from './arithmetic.js';
import { benchBackend } from './backends.js';
import { type BenchInput, loadPixels } from './inputs.js';
import type { Warm } from './measure-case.js';
import { benchStages } from './stages.js';
import { summarize } from './stats.js';
import type { RecognitionResult } from './types.js';

/** The batch sizes measured: one face at a time, a group photo, a gallery being enrolled. */
export const EMBED_BATCH_SIZES: readonly number[] = [1, 8, 32];

export interface RecognitionTask {
  readonly backend: string;
  /** A frame with exactly one face. */
  readonly frame: BenchInput;
  readonly runs: number;
  readonly warm: Warm;
}

async function timeRuns(work: () => Promise<unknown>, runs: number, warm: Warm): Promise<number[]> {
  await work();
  const warmStart = performance.now();
  let discarded = 0;
  while (discarded < warm.runs || performance.now() - warmStart < warm.ms) {
    await work();
    discarded++;
  }
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return times;
}

export async function measureRecognition(task: RecognitionTask): Promise<RecognitionResult> {
  const bench = benchBackend(task.backend);
  const backend = await bench.create();
  const portable = new Uint8Array(readFileSync(MOBILEFACENET_MODEL.portable as URL));
  // A web runtime in Node cannot fetch file: URLs: hand it the bytes, as the detector's stages get them.
  const model: Model = bench.modelsAsBytes ? portable : MOBILEFACENET_MODEL;
  const detector = await createDetector({ stages: benchStages(bench, () => backend) });
  const loadStart = performance.now();
  let recognizer: Recognizer | undefined;
  try {
    recognizer = await createRecognizer({ embedder: mobilefacenet({ model }), backend, detector });
    const loadMs = performance.now() - loadStart;
    const r = recognizer;
    const pixels = loadPixels(task.frame);
    const frame: RgbImage = { data: pixels.data, width: pixels.width, height: pixels.height };
    const faces = await detector.detect(frame);
    if (faces.length !== 1) throw new Error(`the recognition frame has ${faces.length} faces, not 1`);
    const crop = alignFace(frame, faces[0]!, MOBILEFACENET.template).image;

    const { inputSize } = MOBILEFACENET;
    const macsPerEmbedding = arithmeticOf(portable)([1, 3, inputSize, inputSize]).total;
    const batches = [];
    for (const size of EMBED_BATCH_SIZES) {
      const crops = Array.from({ length: size }, () => crop);
      const ms = summarize(await timeRuns(() => r.embedAligned(crops), task.runs, task.warm));
      batches.push({ size, ms, embeddingsPerSecond: (1000 * size) / ms.median });
    }

    await detector.warmup({ width: frame.width, height: frame.height });
    const detectMs: number[] = [];
    const embedMs: number[] = [];
    const wall = await timeRuns(
      async () => {
        const started = performance.now();
        const found = await detector.detect(frame);
        const detected = performance.now();
        await r.embedFaces(frame, found);
        detectMs.push(detected - started);
        embedMs.push(performance.now() - detected);
      },
      task.runs,
      task.warm,
    );
    const measured = (v: number[]) => summarize(v.slice(-task.runs));
    return {
      backend: task.backend,
      embedder: MOBILEFACENET.id,
      loadMs,
      macsPerEmbedding,
      batches,
      frame: {
        input: task.frame.id,
        width: frame.width,
        height: frame.height,
        wall: summarize(wall),
        detect: measured(detectMs),
        alignAndEmbed: measured(embedMs),
      },
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    await recognizer?.dispose();
    await detector.dispose();
  }
}
