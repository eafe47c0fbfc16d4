// Peak memory of one detection on a large photo, in a process of its own: what a detection adds to a process that
// holds the models and the decoded pixels, and that per megapixel.
import { readFileSync } from 'node:fs';
import { createDetector } from '@mtcnn/core';
import { benchBackend } from './backends.js';
import type { BenchInput, RgbPixels } from './inputs.js';
import { benchStages } from './stages.js';
import type { MemoryResult } from './types.js';

export interface MemoryTask {
  readonly backend: string;
  readonly input: BenchInput;
  readonly minFaceSize: number;
}

const MiB = 2 ** 20;

/** The pixels as read, without loadPixels' copy: no second image left for the garbage collector to free later. */
function readPixels(input: BenchInput): RgbPixels {
  const bytes = readFileSync(input.rawPath);
  const data = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  return { data, width: input.width, height: input.height, channels: 3 };
}

/**
 * Resident memory before the call (models loaded, pixels in memory) and the process's peak after one detection
 * (no warm-up: a photo of this size is seen once). The difference is the detection's working memory: the
 * pyramid's inputs, onnxruntime's memory in every lane, the crops, and any table the resampling keeps.
 */
export async function measureMemory(task: MemoryTask): Promise<MemoryResult> {
  const { backend: backendId, input, minFaceSize } = task;
  const pixels = readPixels(input);
  const bench = benchBackend(backendId);
  const backend = await bench.create();
  const detector = await createDetector({ stages: benchStages(bench, () => backend) });
  try {
    const beforeMiB = process.memoryUsage().rss / MiB;
    const started = performance.now();
    const faces = await detector.detect(pixels, { minFaceSize });
    const ms = performance.now() - started;
    // maxRSS is in KiB: the whole process's peak, so far all of it before or during this one detection.
    const peakMiB = process.resourceUsage().maxRSS / 1024;
    const megapixels = (input.width * input.height) / 1e6;
    return {
      backend: backendId,
      input: input.id,
      width: input.width,
      height: input.height,
      minFaceSize,
      faces: faces.length,
      ms,
      beforeMiB,
      peakMiB,
      perMegapixelMiB: (peakMiB - beforeMiB) / megapixels,
    };
  } finally {
    await detector.dispose();
  }
}
