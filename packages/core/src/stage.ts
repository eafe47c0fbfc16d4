import type { Backend, Model, Session } from './backend.js';
import type { Candidates } from './candidates.js';
import type { RgbImage } from './image.js';
import type { ResolvedDetectOptions } from './options.js';
import type { CallScratch } from './scratch.js';

/**
 * What a stage does with candidates: a `proposal` stage finds them in the whole image (it runs first, and only
 * first); a `refine` stage scores, calibrates and filters the candidates of the stage before it.
 */
export type StageKind = 'proposal' | 'refine';

/** What a stage gets for one image. */
export interface StageContext {
  readonly image: RgbImage;
  readonly session: Session;
  readonly options: ResolvedDetectOptions;
  /** This stage's face-probability threshold, already resolved from the options. */
  readonly threshold: number;
  /** Memory for this call only (the image's summed-area table, model inputs), freed when the call ends. */
  readonly scratch: CallScratch;
}

/**
 * One network of the cascade with its pre- and post-processing. A stage takes the previous stage's
 * candidates (none for a proposal stage) and returns its own, ready for the next stage.
 */
export interface Stage {
  /** Unique within a cascade: thresholds, timings and errors name the stage by it. */
  readonly name: string;
  readonly kind: StageKind;
  /** The model to load, as one source or in several forms (see ModelForms). */
  readonly model: Model;
  /** Backend for this stage only; otherwise the detector's. */
  readonly backend?: Backend;
  /** This stage's default face-probability threshold (detector and call options may override it). */
  readonly threshold: number;
  /**
   * Checks the resolved options for what this stage cannot do (a proposal network's smallest face, say), and
   * throws INVALID_OPTION naming the problem. Called when the detector is created and for every call's options.
   */
  checkOptions?(options: ResolvedDetectOptions): void;
  run(context: StageContext, candidates: Candidates): Promise<Candidates>;
}
