// The detector each worker of the bench's pool creates (createDetectorPool's factory module).
import { createDetector, type NodeDetector } from '@mtcnn/core/node';
import { benchBackend } from './backends.js';
import { benchStages } from './stages.js';

export interface PoolFactoryOptions {
  readonly backend: string;
  readonly intraOpNumThreads?: number;
}

export default async function createBenchDetector(options: PoolFactoryOptions): Promise<NodeDetector> {
  const bench = benchBackend(options.backend);
  const threads = options.intraOpNumThreads;
  const backend = await bench.create(threads === undefined ? {} : { intraOpNumThreads: threads });
  return createDetector({ stages: benchStages(bench, () => backend) });
}
