// The losses a trained model is described by: the last epoch's training means and its validation (one step's
// mini-batch is noisy); a fit stopped inside its first epoch has only steps, and gives their last ones' mean.
import type { Curves, LossPoint } from './curves-data.js';
import type { FinalLosses } from './export.js';

/** Steps averaged when no epoch has finished. */
export const FINAL_STEPS = 50;

function meanOf(points: readonly LossPoint[]): LossPoint {
  const mean = (key: keyof LossPoint) => {
    const values = points.map((p) => p[key]).filter(Number.isFinite);
    return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN;
  };
  return {
    total: mean('total'),
    face: mean('face'),
    box: mean('box'),
    landmarks: mean('landmarks'),
    faceAccuracy: mean('faceAccuracy'),
  };
}

/** Only the terms the stage has: P-Net and R-Net have no landmark output. */
function terms(stage: Curves['stage'], p: LossPoint): LossPoint | Omit<LossPoint, 'landmarks'> {
  const { landmarks, ...rest } = p;
  return stage === 'onet' ? { ...rest, landmarks } : rest;
}

export function finalLosses(curves: Curves): FinalLosses {
  const last = curves.epochs.at(-1);
  if (!last) return terms(curves.stage, meanOf(curves.steps.slice(-FINAL_STEPS)));
  const { samples, ...validation } = last.validation;
  return {
    ...terms(curves.stage, last.train),
    validation: { ...terms(curves.stage, validation), samples },
  };
}
