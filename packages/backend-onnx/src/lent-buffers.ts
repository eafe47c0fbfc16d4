/**
 * Buffers that carry model inputs to the inference workers and come back with the reply: the input is copied
 * into one (onnxruntime-node reads only plain ArrayBuffers, not shared ones, and the caller keeps its own
 * array), transferred without a copy, and reused, so that a detection does not allocate and zero megabytes of
 * fresh memory for every run.
 */
export class LentBuffers {
  private readonly free: ArrayBuffer[] = [];
  private keptBytes = 0;

  constructor(private readonly maxKeptBytes: number = DEFAULT_MAX_KEPT_BYTES) {}

  /** A buffer holding a copy of `data` at its start. */
  copyOf(data: Float32Array): ArrayBuffer {
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const size = this.free[i]!.byteLength;
      if (size >= data.byteLength && (best < 0 || size < this.free[best]!.byteLength)) best = i;
    }
    let buffer: ArrayBuffer;
    if (best >= 0) {
      buffer = this.free.splice(best, 1)[0]!;
      this.keptBytes -= buffer.byteLength;
    } else {
      buffer = new ArrayBuffer(data.byteLength);
    }
    new Float32Array(buffer, 0, data.length).set(data);
    return buffer;
  }

  /** Takes back buffers a worker returned; the largest are kept, up to the limit. */
  giveBack(buffers: readonly ArrayBuffer[]): void {
    for (const buffer of buffers) {
      if (buffer.byteLength === 0) continue;
      this.free.push(buffer);
      this.keptBytes += buffer.byteLength;
    }
    this.free.sort((a, b) => b.byteLength - a.byteLength);
    while (this.keptBytes > this.maxKeptBytes && this.free.length > 0) {
      this.keptBytes -= this.free.pop()!.byteLength;
    }
  }
}

/** Enough for the runs in flight of a 4K detection. */
const DEFAULT_MAX_KEPT_BYTES = 128 * 2 ** 20;
