/**
 * Runs `work` for indices 0…count-1 with at most `concurrency` in flight. `onFinished` sees each result as
 * it finishes; `onInOrder` sees them in index order, each as soon as every earlier one has been seen, so
 * ordered output streams without waiting for the whole batch. `work` must not reject: turn failures
 * into results.
 */
export async function runOrdered<T>(
  count: number,
  concurrency: number,
  work: (index: number) => Promise<T>,
  onFinished: (result: T, index: number) => void,
  onInOrder: (result: T, index: number) => void,
): Promise<void> {
  const waiting = new Map<number, T>();
  let nextToStart = 0;
  let nextInOrder = 0;
  const worker = async () => {
    while (nextToStart < count) {
      const index = nextToStart++;
      const result = await work(index);
      onFinished(result, index);
      waiting.set(index, result);
      while (waiting.has(nextInOrder)) {
        const ready = waiting.get(nextInOrder)!;
        waiting.delete(nextInOrder);
        onInOrder(ready, nextInOrder++);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}
