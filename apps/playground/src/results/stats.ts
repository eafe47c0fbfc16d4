/**
 * The q-quantile (0…1) of the values by linear interpolation between the closest ranks (NumPy's default), so
 * that the p90 of a handful of runs still lies between two measured values. NaN for no values.
 */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const below = Math.floor(at);
  const above = Math.ceil(at);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (at - below);
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** First run, and the steady state: median and p90 of the runs after the first. */
export interface RunSummary {
  readonly first: number;
  readonly median: number;
  readonly p90: number;
  /** How many runs the steady state is made of. */
  readonly steadyRuns: number;
}

/** STEADY_QUANTILE: the tail reported next to the median. */
export const STEADY_QUANTILE = 0.9;

/** Summarises one measurement over repeated runs (undefined entries are runs where it did not happen). */
export function summarizeRuns(values: readonly (number | undefined)[]): RunSummary | undefined {
  const first = values[0];
  if (first === undefined) return undefined;
  const steady = values.slice(1).filter((v): v is number => v !== undefined);
  return { first, median: median(steady), p90: quantile(steady, STEADY_QUANTILE), steadyRuns: steady.length };
}
