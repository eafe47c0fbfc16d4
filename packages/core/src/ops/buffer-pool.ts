/**
 * Large typed arrays lent for the length of one call and given back, so that every detection does not
 * allocate (and the kernel zero-fill) tens of megabytes afresh, which costs more than filling reused memory.
 * Lent arrays are not cleared: the borrower must write every element it reads.
 */
export class TypedArrayPool<T extends Float32Array | Int32Array | Uint32Array> {
  private readonly free: T[] = [];
  private readonly lent = new WeakMap<T, T>();
  private keptBytes = 0;

  constructor(
    private readonly create: (length: number) => T,
    /** Retained bytes at most; larger arrays are dropped on release rather than kept. */
    private readonly maxKeptBytes: number = DEFAULT_MAX_KEPT_BYTES,
  ) {}

  /** An array of exactly `length` elements, on the smallest free buffer that fits or a new one. */
  acquire(length: number): T {
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const candidate = this.free[i]!;
      if (candidate.length >= length && (best < 0 || candidate.length < this.free[best]!.length)) best = i;
    }
    let whole: T;
    if (best >= 0) {
      whole = this.free.splice(best, 1)[0]!;
      this.keptBytes -= whole.byteLength;
    } else {
      whole = this.create(length);
    }
    const view = whole.subarray(0, length) as T;
    this.lent.set(view, whole);
    return view;
  }

  /** Gives back an array from {@link acquire}; it must not be used afterwards. Unknown arrays are ignored. */
  release(view: T): void {
    const whole = this.lent.get(view);
    if (!whole) return;
    this.lent.delete(view);
    this.adopt(whole);
  }

  /**
   * Takes `whole` (an array over all of its buffer) into the free memory, as a release does: for memory lent
   * out that came back as another object, such as a buffer transferred to a worker thread and back. Empty
   * (detached) arrays are ignored.
   */
  adopt(whole: T): void {
    if (whole.byteLength === 0) return;
    // Keep the largest buffers: they are the expensive ones to allocate.
    this.free.push(whole);
    this.keptBytes += whole.byteLength;
    this.free.sort((a, b) => b.length - a.length);
    while (this.keptBytes > this.maxKeptBytes && this.free.length > 0) {
      this.keptBytes -= this.free.pop()!.byteLength;
    }
  }
}

/** Retained per pool: enough for the buffers of a 4K detection, little next to the models' working memory. */
const DEFAULT_MAX_KEPT_BYTES = 128 * 2 ** 20;
