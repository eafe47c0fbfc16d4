// The loss curves of a fit, as fitting writes them to curves.json and the plot reads them. Written by the export
// engineer against the design's shape until the engine's version is merged (the engine owns this file).
import type { Stage } from '@mtcnn/weights';

/** One training step's mini-batch losses (after hard-example mining) and face accuracy. */
export interface StepPoint {
  step: number;
  epoch: number;
  total: number;
  face: number;
  box: number;
  /** O-Net's landmark loss; 0 or NaN for P-Net and R-Net, which have no landmark output. */
  landmarks: number;
  /** Face/non-face accuracy on the batch's negatives and positives, 0–1. */
  accuracy: number;
}

/** One epoch's validation on the held-out samples. */
export interface EpochPoint {
  epoch: number;
  valTotal: number;
  valAccuracy: number;
  seconds: number;
}

export interface Curves {
  stage: Stage;
  steps: StepPoint[];
  epochs: EpochPoint[];
}
