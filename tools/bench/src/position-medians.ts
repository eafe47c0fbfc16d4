import { median } from './stats.js';

/**
 * The median at each position across several runs of one sequence (fresh processes, each timing its photos in
 * order): `result[i]` is the median of every run's `i`-th value, over the runs that reached position `i`.
 */
export function positionMedians(runs: readonly (readonly number[])[]): number[] {
  const longest = Math.max(0, ...runs.map((run) => run.length));
  const medians: number[] = [];
  for (let i = 0; i < longest; i++) {
    medians.push(median(runs.filter((run) => i < run.length).map((run) => run[i]!)));
  }
  return medians;
}
