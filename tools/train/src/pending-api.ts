// The engine's fitStage and mining's mineStage as the design declares them, loaded by module path so the CLI
// compiles before their branches are merged. The lead replaces this file with static imports of ./fit.js and
// ./mine-stage.js at merge; nothing here stands in for them.
import type { GraphSpec, Initializer } from '@mtcnn/weights';
import type { Curves, LossPoint } from './curves-data.js';
import type { SampleSetInfo } from './sample-set.js';

export type StageName = 'pnet' | 'rnet' | 'onet';

/** What the engine reports while fitting (its FitProgress). */
export interface FitProgress {
  stage: StageName;
  /** 'step' after each training step, 'epoch' after each epoch's validation and checkpoint. */
  phase: 'step' | 'epoch';
  /** 1-based. */
  epoch: number;
  epochs: number;
  /** Steps done in the whole run, and how many it will have. */
  step: number;
  steps: number;
  learningRate: number;
  /** The step's loss (phase 'step') or the epoch's validation loss (phase 'epoch'). */
  loss: LossPoint;
  samplesPerSecond: number;
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
  /** The epoch the run resumed after, when it did. */
  resumedFrom?: number;
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
