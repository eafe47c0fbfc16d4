// Where the lanes' run inputs live. An input offered to every worker lane sits in shared memory
// (SharedArrayBuffer), which every thread sees without a copy. onnxruntime-node refuses tensors over shared
// memory ("Invalid argument"), so the lane that claims a run copies its input into private memory of its own
// thread just before running it.
import { TypedArrayPool } from '@mtcnn/core/backend-kit';
import type { RunInput } from './lane-protocol.js';

/** Whether `data` is a view of shared memory. */
export function isShared(data: Float32Array): boolean {
  return data.buffer instanceof SharedArrayBuffer;
}

/**
 * Copies of run inputs in one kind of memory, for one thread's runs in flight: reused, so that a detection
 * does not allocate (and the kernel zero-fill) megabytes of fresh memory for every run.
 */
export class InputCopies {
  private readonly pool: TypedArrayPool<Float32Array>;

  constructor(memory: 'shared' | 'private') {
    this.pool = new TypedArrayPool<Float32Array>((n) =>
      memory === 'shared' ? new Float32Array(new SharedArrayBuffer(n * 4)) : new Float32Array(n),
    );
  }

  /** A copy of `data` in this memory; give it back with {@link release} once its run is over. */
  copy(data: Float32Array): Float32Array {
    const copy = this.pool.acquire(data.length);
    copy.set(data);
    return copy;
  }

  release(copies: readonly Float32Array[]): void {
    for (const copy of copies) this.pool.release(copy);
  }
}

/**
 * `inputs` as onnxruntime-node takes them: shared ones copied into `copies` (private memory), the others as
 * they are. `made` are the copies, to release after the run.
 */
export function privateInputs(
  inputs: readonly RunInput[],
  copies: InputCopies,
): { inputs: RunInput[]; made: Float32Array[] } {
  const made: Float32Array[] = [];
  const own = inputs.map((input) => {
    if (!isShared(input.data)) return input;
    const data = copies.copy(input.data);
    made.push(data);
    return { ...input, data };
  });
  return { inputs: own, made };
}
