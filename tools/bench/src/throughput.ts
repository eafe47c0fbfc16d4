// Many images: how many per second one detector gets through the photos, one after the other.
import { createDetector } from '@mtcnn/core';
import { benchBackend } from './backends.js';
import { type BenchInput, loadPixels } from './inputs.js';
import { benchStages } from './stages.js';
import type { ThroughputResult } from './types.js';

export interface ThroughputTask {
  readonly backend: string;
  readonly inputs: readonly BenchInput[];
  /** Each round detects every input once. */
  readonly rounds: number;
}

export async function measureThroughput(task: ThroughputTask): Promise<ThroughputResult[]> {
  const images = task.inputs.map(loadPixels);
  const bench = benchBackend(task.backend);
  const backend = await bench.create();
  const detector = await createDetector({ stages: benchStages(bench, () => backend) });
  try {
    await detector.warmup();
    for (const image of images) await detector.detect(image);
    const started = performance.now();
    for (let r = 0; r < task.rounds; r++) for (const image of images) await detector.detect(image);
    const ms = performance.now() - started;
    const count = task.rounds * images.length;
    return [
      {
        backend: task.backend,
        mode: 'one detector, calls one after another',
        images: count,
        ms,
        imagesPerSecond: (1000 * count) / ms,
      },
    ];
  } finally {
    await detector.dispose();
  }
}
