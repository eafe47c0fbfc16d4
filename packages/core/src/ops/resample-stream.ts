import type { RgbImage } from '../image.js';
import { PIXEL_MEAN, PIXEL_SCALE } from './normalize.js';
import {
  FLOAT32_EXACT_SUM,
  float32Sum,
  type PixelRegion,
  type RowRange,
  sharedAreaWeights,
} from './resample.js';
import { MAX_EXACT_BOX_AREA } from './summed-area.js';

/** Where a job's values go: `out` from `offset`, laid out as resampleRegion writes them (three planes). */
export interface StreamTarget {
  readonly out: Float32Array;
  readonly offset: number;
}

/** Values captured per output column from the table row at the top of a bin: R, G, B at its start, then at its end. */
const CAPTURED = 6;

/** One registered resampling: output rows `from … to - 1` of a region resampled to `outWidth` columns. */
class StreamJob {
  /** Next output row (relative to `from`) whose top table row is to be captured, and next to be written. */
  nextCapture = 0;
  nextFinish = 0;
  target: StreamTarget | undefined;

  constructor(
    readonly outWidth: number,
    readonly rows: number,
    /** Each output row's bin, as table rows clipped to the image: top (captured) and bottom (written). */
    readonly firstRow: Int32Array,
    readonly endRow: Int32Array,
    readonly inverseHeight: Float64Array,
    /** Each output column's bin, as offsets into a table row, clipped to the image; 1 / its unclipped width. */
    readonly runStart: Int32Array,
    readonly runEnd: Int32Array,
    readonly inverseWidth: Float64Array,
    readonly widest: number,
    /** Captured top rows of the bins begun and not yet written, a ring of `slots` rows. */
    readonly captured: Int32Array,
    readonly slots: number,
    readonly getTarget: () => StreamTarget,
  ) {}

  /** The table row of this job's next event (a capture or a write); Infinity once it is done. */
  nextEvent(): number {
    const capture =
      this.nextCapture < this.rows ? this.firstRow[this.nextCapture]! : Number.POSITIVE_INFINITY;
    const finish = this.nextFinish < this.rows ? this.endRow[this.nextFinish]! : Number.POSITIVE_INFINITY;
    return Math.min(capture, finish);
  }
}

/**
 * Area resampling (resample.ts's, bit for bit) of many outputs in one pass down the image, without its
 * summed-area table. A bin's sum needs only two table rows, the one at its top and the one at its bottom, so the
 * stream keeps one table row, moved down an image row at a time: at a bin's top row it copies the few values
 * the bin reads there, at its bottom row it writes the output. Each bin's sum is the whole table's (the same
 * difference of two rows, modulo 2^32, also where the stream restarted its row below skipped rows), so the
 * outputs are identical; the memory is one table row and the captured values of the bins begun, instead of a
 * table as large as the image. For very large images.
 *
 * Register outputs with {@link add} before the stream reaches their first row, then {@link advanceTo} the row
 * each one needs (add returns it).
 */
export class ResampleStream {
  /**
   * The table row `summed`: channel sums over image rows from where the stream last (re)started to summed - 1,
   * columns 0 … x - 1, at 3x + c.
   */
  private readonly row: Int32Array;
  private summed = 0;
  /** Table rows whose events are done. */
  private processed = -1;
  /** Jobs by the table row of their next event. */
  private readonly waiting: StreamJob[][];
  /** Bins captured and not yet written, over all jobs. */
  private open = 0;

  constructor(readonly image: RgbImage) {
    this.row = new Int32Array(3 * (image.width + 1));
    this.waiting = Array.from({ length: image.height + 1 }, () => []);
  }

  /** The image rows passed so far (summed, or skipped where no sum needed them). */
  get rowsSummed(): number {
    return this.summed;
  }

  /**
   * Registers output rows `rows` of `region` (which may extend past the image: outside pixels are zeros)
   * resampled to `outWidth` × `outHeight`, as `resampleRegion` would compute them. `target` is asked once, when
   * the first value is written. Returns the table row the stream must reach (with {@link advanceTo}) for every
   * value to be written.
   */
  add(
    region: PixelRegion,
    outWidth: number,
    outHeight: number,
    rows: RowRange,
    target: () => StreamTarget,
  ): number {
    if (!(0 <= rows.from && rows.from <= rows.to && rows.to <= outHeight)) {
      throw new RangeError(`rows ${rows.from}…${rows.to} are not within 0…${outHeight}`);
    }
    const { width, height } = this.image;
    const count = rows.to - rows.from;
    if (count === 0) return 0;
    if (region.width <= 0 || region.height <= 0) {
      // No pixels at all: every value is a zero's.
      const { out, offset } = target();
      out.fill(-PIXEL_MEAN * PIXEL_SCALE, offset, offset + 3 * outWidth * count);
      return 0;
    }
    const wx = sharedAreaWeights(region.width, outWidth);
    const wy = sharedAreaWeights(region.height, outHeight);
    const firstRow = new Int32Array(count);
    const endRow = new Int32Array(count);
    const inverseHeight = new Float64Array(count);
    for (let k = 0; k < count; k++) {
      const i = rows.from + k;
      firstRow[k] = Math.min(height, Math.max(0, region.y + wy.first[i]!));
      endRow[k] = Math.max(firstRow[k]!, Math.min(height, region.y + wy.first[i]! + wy.count[i]!));
      inverseHeight[k] = 1 / wy.count[i]!;
    }
    if (firstRow[0]! <= this.processed) {
      throw new RangeError(`the stream is past row ${firstRow[0]}; add outputs before advancing over them`);
    }
    const runStart = new Int32Array(outWidth);
    const runEnd = new Int32Array(outWidth);
    const inverseWidth = new Float64Array(outWidth);
    let widest = 0;
    for (let j = 0; j < outWidth; j++) {
      const from = Math.min(width, Math.max(0, region.x + wx.first[j]!));
      const to = Math.max(from, Math.min(width, region.x + wx.first[j]! + wx.count[j]!));
      runStart[j] = 3 * from;
      runEnd[j] = 3 * to;
      inverseWidth[j] = 1 / wx.count[j]!;
      if (to - from > widest) widest = to - from;
    }
    // Most bins begun and not yet written at once (both ends move down monotonically): at a row, captures come
    // before writes, so a bin that starts and ends on one row is held for that moment.
    let slots = 1;
    for (let c = 0, written = 0; c < count; c++) {
      while (endRow[written]! < firstRow[c]!) written++;
      slots = Math.max(slots, c + 1 - written);
    }
    const job = new StreamJob(
      outWidth,
      count,
      firstRow,
      endRow,
      inverseHeight,
      runStart,
      runEnd,
      inverseWidth,
      widest,
      new Int32Array(slots * CAPTURED * outWidth),
      slots,
      target,
    );
    this.waiting[job.nextEvent()]!.push(job);
    return endRow[count - 1]!;
  }

  /** Sums the image down to table row `row` (at most its height) and makes every output value due by then. */
  advanceTo(row: number): void {
    const last = Math.min(row, this.image.height);
    for (;;) {
      if (this.processed < this.summed) {
        this.processed = this.summed;
        const due = this.waiting[this.summed]!;
        this.waiting[this.summed] = [];
        for (const job of due) this.step(job);
      }
      if (this.summed >= last) return;
      if (this.open === 0) {
        // No bin begun: what lies above the next event's row is in no sum to come, so the rows up to it are not
        // summed. The table restarts there from zeros: every sum is a difference of two rows made after, the
        // same modulo 2^32 as the whole table's (and so exactly the same sum).
        let next = this.summed + 1;
        while (next < last && this.waiting[next]!.length === 0) next++;
        if (next > this.summed + 1) {
          this.row.fill(0);
          this.summed = next;
          continue;
        }
      }
      this.sumRow();
    }
  }

  /** The next table row: the image row `summed` added to the current one, in int32 as summed-area.ts does. */
  private sumRow(): void {
    const { row } = this;
    const pixels = this.image.data;
    const source = 3 * this.summed * this.image.width;
    const run = 3 * this.image.width;
    let sr = 0;
    let sg = 0;
    let sb = 0;
    for (let k = 0; k < run; k += 3) {
      sr = (sr + pixels[source + k]!) | 0;
      sg = (sg + pixels[source + k + 1]!) | 0;
      sb = (sb + pixels[source + k + 2]!) | 0;
      const i = 3 + k;
      row[i] = (sr + row[i]!) | 0;
      row[i + 1] = (sg + row[i + 1]!) | 0;
      row[i + 2] = (sb + row[i + 2]!) | 0;
    }
    this.summed++;
  }

  /** The job's events at the current row: bins that start here are captured, then bins that end here written. */
  private step(job: StreamJob): void {
    const r = this.summed;
    while (job.nextCapture < job.rows && job.firstRow[job.nextCapture] === r)
      this.capture(job, job.nextCapture++);
    while (job.nextFinish < job.rows && job.endRow[job.nextFinish] === r) this.write(job, job.nextFinish++);
    const next = job.nextEvent();
    if (next !== Number.POSITIVE_INFINITY) this.waiting[next]!.push(job);
  }

  private capture(job: StreamJob, k: number): void {
    const { row } = this;
    const { outWidth, runStart, runEnd, captured } = job;
    const base = (k % job.slots) * CAPTURED * outWidth;
    this.open++;
    for (let j = 0; j < outWidth; j++) {
      const at = base + CAPTURED * j;
      const start = runStart[j]!;
      const end = runEnd[j]!;
      captured[at] = row[start]!;
      captured[at + 1] = row[start + 1]!;
      captured[at + 2] = row[start + 2]!;
      captured[at + 3] = row[end]!;
      captured[at + 4] = row[end + 1]!;
      captured[at + 5] = row[end + 2]!;
    }
  }

  /** Output row k of the job, as resample.ts's resampleRows computes it from the same table values. */
  private write(job: StreamJob, k: number): void {
    job.target ??= job.getTarget();
    this.open--;
    const { out, offset } = job.target;
    const { row } = this;
    const { outWidth, runStart, runEnd, inverseWidth, captured } = job;
    const firstRow = job.firstRow[k]!;
    const endRow = job.endRow[k]!;
    const inverseHeight = job.inverseHeight[k]!;
    const plane = outWidth * job.rows;
    const outRow = offset + k * outWidth;
    const base = (k % job.slots) * CAPTURED * outWidth;
    if ((endRow - firstRow) * job.widest * 255 < FLOAT32_EXACT_SUM) {
      for (let j = 0; j < outWidth; j++) {
        const at = base + CAPTURED * j;
        const c = runStart[j]!;
        const d = runEnd[j]!;
        // The whole table's four reads: a, b from the bin's top row (captured), c, d from its bottom row.
        const sr = (row[d]! - row[c]! - captured[at + 3]! + captured[at]!) | 0;
        const sg = (row[d + 1]! - row[c + 1]! - captured[at + 4]! + captured[at + 1]!) | 0;
        const sb = (row[d + 2]! - row[c + 2]! - captured[at + 5]! + captured[at + 2]!) | 0;
        const iw = inverseWidth[j]!;
        out[outRow + j] = (Math.fround(Math.fround(sr * inverseHeight) * iw) - PIXEL_MEAN) * PIXEL_SCALE;
        out[outRow + plane + j] =
          (Math.fround(Math.fround(sg * inverseHeight) * iw) - PIXEL_MEAN) * PIXEL_SCALE;
        out[outRow + 2 * plane + j] =
          (Math.fround(Math.fround(sb * inverseHeight) * iw) - PIXEL_MEAN) * PIXEL_SCALE;
      }
      return;
    }
    for (let j = 0; j < outWidth; j++) {
      const at = base + CAPTURED * j;
      const start = runStart[j]!;
      const end = runEnd[j]!;
      const x0 = start / 3;
      const x1 = end / 3;
      const iw = inverseWidth[j]!;
      for (let ch = 0; ch < 3; ch++) {
        let sum = -1;
        if ((x1 - x0) * (endRow - firstRow) <= MAX_EXACT_BOX_AREA) {
          sum = (row[end + ch]! - row[start + ch]! - captured[at + 3 + ch]! + captured[at + ch]!) >>> 0;
        }
        if (!(sum >= 0 && sum < FLOAT32_EXACT_SUM))
          sum = float32Sum(this.image, x0, x1, firstRow, endRow, ch);
        out[outRow + ch * plane + j] =
          (Math.fround(Math.fround(sum * inverseHeight) * iw) - PIXEL_MEAN) * PIXEL_SCALE;
      }
    }
  }
}
