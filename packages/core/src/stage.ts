import type { Backend, Model, Session } from './backend.js';
import type { Candidates } from './candidates.js';
import type { RgbImage } from './image.js';
import type { ResolvedDetectOptions } from './options.js';

/** The three networks of the cascade, in the order they run. */
export type StageName = 'pnet' | 'rnet' | 'onet';
export const STAGE_ORDER: readonly StageName[] = ['pnet', 'rnet', 'onet'];

/** What a stage gets for one image. */
export interface StageContext {
  readonly image: RgbImage;
  readonly session: Session;
  readonly options: ResolvedDetectOptions;
  /** This stage's face-probability threshold, already resolved from the options. */
  readonly threshold: number;
}

/**
 * One network of the cascade with its pre- and post-processing. A stage takes the previous stage's
 * candidates (none for P-Net) and returns its own, ready for the next stage.
 */
export interface Stage {
  readonly name: StageName;
  /** The model to load; each stage package ships its own, in a portable and a tuned form. */
  readonly model: Model;
  /** Backend for this stage only; otherwise the detector's. */
  readonly backend?: Backend;
  /** This stage's default threshold (detector and call options may override it). */
  readonly threshold?: number;
  run(context: StageContext, candidates: Candidates): Promise<Candidates>;
}
