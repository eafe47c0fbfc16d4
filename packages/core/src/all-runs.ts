/**
 * The results of model runs started together, in order. It waits for every run, so that none is still going
 * (holding its input's memory) when the call that started them fails; then it throws the first error.
 */
export async function allRuns<T>(runs: readonly Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(runs);
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<T>).value);
}
