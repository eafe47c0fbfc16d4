// Many images: how many per second one detector gets through the photos, and a pool of worker threads.
import { availableParallelism } from 'node:os';
import { createDetectorPool } from 'mtcnn';
import { type BenchInput, loadPixels, type RgbPixels } from './inputs.js';
import type { PoolFactoryOptions } from './pool-factory.js';
import type { ThroughputResult } from './types.js';

export interface ThroughputTask {
  readonly backend: string;
  readonly inputs: readonly BenchInput[];
  /** Each round detects every input once. */
  readonly rounds: number;
}

const FACTORY = new URL('./pool-factory.js', import.meta.url);

interface Mode {
  readonly label: string;
  readonly workers: number;
  readonly factoryOptions: PoolFactoryOptions;
}

function modes(backend: string): Mode[] {
  const cores = availableParallelism();
  const single: Mode = {
    label: 'one detector, calls one after another',
    workers: 1,
    factoryOptions: { backend },
  };
  if (cores < 2) return [single];
  return [
    single,
    {
      label: `pool: ${cores} workers × 1 inference thread, all calls at once`,
      workers: cores,
      factoryOptions: { backend, intraOpNumThreads: 1 },
    },
  ];
}

async function timeMode(mode: Mode, images: readonly RgbPixels[], rounds: number): Promise<number> {
  const pool = await createDetectorPool({
    factory: FACTORY,
    workers: mode.workers,
    factoryOptions: mode.factoryOptions,
  });
  try {
    // One untimed pass so that every worker has seen every image size.
    await Promise.all(images.map((image) => pool.detect(image)));
    const started = performance.now();
    if (mode.workers === 1) {
      for (let r = 0; r < rounds; r++) for (const image of images) await pool.detect(image);
    } else {
      const calls: Promise<unknown>[] = [];
      for (let r = 0; r < rounds; r++) for (const image of images) calls.push(pool.detect(image));
      await Promise.all(calls);
    }
    return performance.now() - started;
  } finally {
    await pool.dispose();
  }
}

export async function measureThroughput(task: ThroughputTask): Promise<ThroughputResult[]> {
  const images = task.inputs.map(loadPixels);
  const count = task.rounds * images.length;
  const results: ThroughputResult[] = [];
  for (const mode of modes(task.backend)) {
    const ms = await timeMode(mode, images, task.rounds);
    results.push({
      backend: task.backend,
      mode: mode.label,
      images: count,
      ms,
      imagesPerSecond: (1000 * count) / ms,
    });
  }
  return results;
}
