// The engine's fitStage and mining's mineStage as the design declares them, loaded by module path so the CLI
// compiles before their branches are merged. The lead replaces this file with static imports of ./fit.js and
// ./mine-stage.js at merge; nothing here stands in for them.
import type { GraphSpec, Initializer } from '@mtcnn/weights';
import type { Curves } from './curves-data.js';
import type { SampleSetInfo } from './sample-set.js';

export type StageName = 'pnet' | 'rnet' | 'onet';

/** What the engine reports while fitting (the fields the progress line shows; all optional until merged). */
export interface FitProgress {
  epoch?: number;
  epochs?: number;
  /** Step within the epoch, and steps per epoch. */
  step?: number;
  steps?: number;
  samplesPerSecond?: number;
  loss?: number;
}

export interface FitStageOptions {
  stage: StageName;
  samples: string;
  work: string;
  init: 'released' | 'scratch';
  epochs: number;
  batchSize?: number;
  learningRate?: number;
  resume?: boolean;
  seed?: number;
  onProgress?: (p: FitProgress) => void;
  signal?: AbortSignal;
}

export interface FitResult {
  initializers: Initializer[];
  graph: GraphSpec;
  curves: Curves;
  samplesPerSecond: number;
  seconds: number;
}

export interface MineStageOptions {
  stage: StageName;
  dataset: string;
  out: string;
  models?: string;
  holdoutEvery?: number;
  limit?: number;
  seed?: number;
  onProgress?: (done: number, total: number) => void;
  onSkip?: (file: string, reason: string) => void;
}

// Variables, so the compiler does not resolve modules that are not on this branch yet.
const FIT_MODULE = './fit.js';
const MINE_MODULE = './mine-stage.js';

export async function fitStage(options: FitStageOptions): Promise<FitResult> {
  const module = (await import(FIT_MODULE)) as { fitStage: (o: FitStageOptions) => Promise<FitResult> };
  return module.fitStage(options);
}

export async function mineStage(options: MineStageOptions): Promise<SampleSetInfo> {
  const module = (await import(MINE_MODULE)) as {
    mineStage: (o: MineStageOptions) => Promise<SampleSetInfo>;
  };
  return module.mineStage(options);
}
