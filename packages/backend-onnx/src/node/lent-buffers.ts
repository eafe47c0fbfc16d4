import { TypedArrayPool } from '@mtcnn/core/backend-kit';

/**
 * Buffers that carry model inputs to the worker lanes and come back with the reply: the input is copied
 * into one (onnxruntime-node reads only plain ArrayBuffers, not shared ones, and the caller keeps its own
 * array), transferred without a copy, and reused, so that a detection does not allocate and zero megabytes of
 * fresh memory for every run.
 */
export class LentBuffers {
  /** Enough for the runs in flight of a 4K detection (the pool's own default). */
  private readonly pool = new TypedArrayPool<Float32Array>((n) => new Float32Array(n));

  /** A buffer holding a copy of `data` at its start. */
  copyOf(data: Float32Array): ArrayBuffer {
    const copy = this.pool.acquire(data.length);
    copy.set(data);
    return copy.buffer as ArrayBuffer;
  }

  /** Takes back buffers a worker returned. */
  giveBack(buffers: readonly ArrayBuffer[]): void {
    for (const buffer of buffers) this.pool.adopt(new Float32Array(buffer));
  }
}
