// The losses a trained model is described by: the mean of the last steps (one step's mini-batch is noisy), and
// the last epoch's validation accuracy where the fit measured one.
import type { Curves } from './curves-data.js';
import type { FinalLosses } from './export.js';

/** Steps averaged for the final training losses. */
export const FINAL_STEPS = 50;

export function finalLosses(curves: Curves): FinalLosses {
  const last = curves.steps.slice(-FINAL_STEPS);
  const mean = (key: 'total' | 'face' | 'box' | 'landmarks') => {
    const values = last.map((s) => s[key]).filter(Number.isFinite);
    return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN;
  };
  const losses: FinalLosses = { total: mean('total'), face: mean('face'), box: mean('box') };
  if (curves.stage === 'onet') losses.landmarks = mean('landmarks');
  const validation = curves.epochs.at(-1);
  if (validation) losses.accuracy = validation.valAccuracy;
  return losses;
}
