import type { Session } from './backend.js';
import type { RgbImage } from './image.js';
import { TypedArrayPool } from './ops/buffer-pool.js';
import { extendSummedArea, partialSummedArea, type SummedArea, summedAreaBytes } from './ops/summed-area.js';

const canShare = typeof SharedArrayBuffer === 'function';

/**
 * Largest summed-area table a call makes for its whole image, in bytes: frames and ordinary photos keep theirs,
 * which is the faster way. Larger images are resampled by one pass down the image per stage instead
 * (resample-stream.ts), bit for bit the same, in memory that does not grow with the image's height.
 */
export const MAX_SUMMED_AREA_BYTES = 64 * 2 ** 20;

/** Options of {@link ScratchMemory}. */
export interface ScratchMemoryOptions {
  /** Largest whole-image summed-area table, in bytes; larger images are streamed. Default MAX_SUMMED_AREA_BYTES. */
  readonly maxSummedAreaBytes?: number;
}

/**
 * The memory a detector lends its calls and takes back when each ends, so that a call does not allocate (and the
 * kernel zero-fill) the tens of megabytes of summed-area tables, pyramid inputs and crops afresh. Each detector
 * owns one; it goes with the detector.
 */
export class ScratchMemory {
  private readonly float32 = new TypedArrayPool<Float32Array>((n) => new Float32Array(n));
  private readonly shared = new TypedArrayPool<Float32Array>(
    (n) => new Float32Array(new SharedArrayBuffer(n * Float32Array.BYTES_PER_ELEMENT)),
  );
  private readonly int32 = new TypedArrayPool<Int32Array>((n) => new Int32Array(n));
  private readonly maxSummedAreaBytes: number;

  constructor(options: ScratchMemoryOptions = {}) {
    this.maxSummedAreaBytes = options.maxSummedAreaBytes ?? MAX_SUMMED_AREA_BYTES;
  }

  /** The scratch of one call on `image`; call its `end()` when the call is over. */
  call(image: RgbImage): CallScratch {
    const streamed = summedAreaBytes(image.width, image.height) > this.maxSummedAreaBytes;
    return new CallScratch(image, this.float32, this.shared, this.int32, streamed);
  }
}

/**
 * One call's scratch: the image's summed-area table (made as far down as asked, shared by every stage of the
 * call) and model inputs lent for one run each. `end()` takes everything back, also what a failing stage did
 * not release.
 */
export class CallScratch {
  private sums: SummedArea | undefined;
  private readonly lent = new Set<Float32Array>();
  private ended = false;

  constructor(
    readonly image: RgbImage,
    private readonly float32: TypedArrayPool<Float32Array>,
    private readonly shared: TypedArrayPool<Float32Array>,
    private readonly int32: TypedArrayPool<Int32Array>,
    /**
     * The image is too large for a whole summed-area table to be worth its memory: stages should resample it
     * with a ResampleStream (one pass down the image, resample-stream.ts), as the built-in ones do, rather than
     * from {@link summedArea} (which still makes the table, for stages that need one).
     */
    readonly streamed = false,
  ) {}

  /**
   * The image's summed-area table over its first `rows` rows at least (default: all): summed on first use and
   * further as later calls ask for more rows, so a P-Net band's run can start before the rest is summed.
   */
  summedArea(rows: number = this.image.height): SummedArea {
    this.checkOpen();
    if (!this.sums) {
      const { width, height } = this.image;
      this.sums = partialSummedArea(this.image, this.int32.acquire(3 * (width + 1) * (height + 1)), rows);
    } else {
      this.sums = extendSummedArea(this.image, this.sums, rows);
    }
    return this.sums;
  }

  /**
   * A model input of `length` values for one run of `session`, in the memory it takes without a copy (shared
   * memory where it says `inputMemory: 'shared'`). Not cleared: write every value. Give it back with `release`.
   */
  input(length: number, session?: Session): Float32Array {
    this.checkOpen();
    const pool = session?.inputMemory === 'shared' && canShare ? this.shared : this.float32;
    const array = pool.acquire(length);
    this.lent.add(array);
    return array;
  }

  /** Gives back an input from {@link input}; it must not be used afterwards. */
  release(input: Float32Array): void {
    if (!this.lent.delete(input)) return;
    this.shared.release(input);
    this.float32.release(input);
  }

  /** The call is over: the table and every input still lent go back to the detector's memory. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const input of [...this.lent]) this.release(input);
    if (this.sums) this.int32.release(this.sums.data);
    this.sums = undefined;
  }

  private checkOpen(): void {
    if (this.ended) throw new RangeError('this call has ended; its scratch memory was given back');
  }
}
