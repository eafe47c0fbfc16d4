// A stage's training samples on disk: the contract between mining (which writes them) and fitting (which reads
// them). One folder per set, a JSON description and four flat little-endian arrays, so a set of a few hundred
// thousand crops loads in one read per array and can be appended to while mining.
//
//   <dir>/samples.json     SampleSetInfo
//   <dir>/images.u8        count × size × size × 3 bytes: RGB, row-major (y, x, channel), natural orientation
//   <dir>/labels.i8        count labels (SampleLabel)
//   <dir>/boxes.f32        count × 4: the face's box relative to the crop (see SampleSetInfo.boxTargets)
//   <dir>/landmarks.f32    count × 10: x1..x5 then y1..y5 relative to the crop; NaN where a sample has none
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { TrainError } from './train-error.js';

/**
 * The recipe's sample kinds (Zhang et al. 2016, and the public reimplementations' numbering): a negative crop
 * overlaps every face with IoU < 0.3, a part face 0.4–0.65, a positive > 0.65; landmark samples carry five
 * points. Negatives train the face score only, parts the box only, positives both.
 */
export const SampleLabel = { negative: 0, positive: 1, part: -1, landmark: -2 } as const;
export type SampleLabel = (typeof SampleLabel)[keyof typeof SampleLabel];

export type SampleKind = keyof typeof SampleLabel;
export const SAMPLE_KINDS: readonly SampleKind[] = ['negative', 'positive', 'part', 'landmark'];

export function sampleKind(label: number): SampleKind {
  const kind = SAMPLE_KINDS.find((k) => SampleLabel[k] === label);
  if (!kind) throw new TrainError('BAD_SAMPLE_SET', `unknown sample label ${label}`);
  return kind;
}

export interface SampleSetInfo {
  format: 'mtcnn-samples/1';
  /** The crop size in pixels: 12 (P-Net), 24 (R-Net) or 48 (O-Net). */
  size: number;
  count: number;
  /** How many of each kind. */
  counts: Record<SampleKind, number>;
  /**
   * How `boxes.f32` is meant: (gx1 − x1) / w, (gy1 − y1) / h, (gx2 − x2) / w, (gy2 − y2) / h for a crop
   * [x1, x2) × [y1, y2) of w × h pixels and a face [gx1, gx2) × [gy1, gy2), the convention of the models'
   * `reg` output.
   */
  boxTargets: 'offsets-relative-to-crop';
  /** Where the samples came from: the dataset, the models that proposed the crops, where landmarks came from. */
  provenance: string;
}

/** Samples in memory: parallel arrays, sample i at images[i·size²·3 …], labels[i], boxes[4i …], landmarks[10i …]. */
export interface SampleSet {
  readonly size: number;
  readonly count: number;
  readonly images: Uint8Array;
  readonly labels: Int8Array;
  readonly boxes: Float32Array;
  readonly landmarks: Float32Array;
  readonly provenance: string;
}

const FILES = { images: 'images.u8', labels: 'labels.i8', boxes: 'boxes.f32', landmarks: 'landmarks.f32' };

function countsOf(labels: Int8Array): Record<SampleKind, number> {
  const counts: Record<SampleKind, number> = { negative: 0, positive: 0, part: 0, landmark: 0 };
  for (const label of labels) counts[sampleKind(label)]++;
  return counts;
}

/** One sample as mining produces it. */
export interface Sample {
  /** size × size × 3 RGB bytes. */
  image: Uint8Array;
  label: SampleLabel;
  /** Four offsets, or undefined for a negative (written as zeros). */
  box?: ArrayLike<number>;
  /** Ten values, or undefined (written as NaN). */
  landmarks?: ArrayLike<number>;
}

/**
 * Writes samples to a folder as they come, so that mining a large dataset never holds them all in memory.
 * `close()` writes samples.json; a folder without it is an unfinished set.
 */
export class SampleSetWriter {
  private readonly fds: Record<keyof typeof FILES, number>;
  private readonly labels: number[] = [];
  private closed = false;

  constructor(
    readonly dir: string,
    readonly size: number,
    private readonly provenance: string,
  ) {
    mkdirSync(dir, { recursive: true });
    this.fds = Object.fromEntries(
      Object.entries(FILES).map(([key, file]) => [key, openSync(join(dir, file), 'w')]),
    ) as Record<keyof typeof FILES, number>;
  }

  get count(): number {
    return this.labels.length;
  }

  add(sample: Sample): void {
    if (this.closed) throw new TrainError('INVALID_OPTION', `sample set ${this.dir} is closed`);
    const bytes = this.size * this.size * 3;
    if (sample.image.length !== bytes) {
      throw new TrainError(
        'INVALID_OPTION',
        `a ${this.size}-px sample needs ${bytes} bytes, got ${sample.image.length}`,
      );
    }
    sampleKind(sample.label);
    const box = new Float32Array(4);
    if (sample.box) box.set(Array.from(sample.box).slice(0, 4));
    const landmarks = new Float32Array(10).fill(Number.NaN);
    if (sample.landmarks) landmarks.set(Array.from(sample.landmarks).slice(0, 10));
    writeSync(this.fds.images, sample.image);
    writeSync(this.fds.labels, new Int8Array([sample.label]));
    writeSync(this.fds.boxes, new Uint8Array(box.buffer));
    writeSync(this.fds.landmarks, new Uint8Array(landmarks.buffer));
    this.labels.push(sample.label);
  }

  close(): SampleSetInfo {
    if (!this.closed) {
      for (const fd of Object.values(this.fds)) closeSync(fd);
      this.closed = true;
    }
    const info: SampleSetInfo = {
      format: 'mtcnn-samples/1',
      size: this.size,
      count: this.labels.length,
      counts: countsOf(Int8Array.from(this.labels)),
      boxTargets: 'offsets-relative-to-crop',
      provenance: this.provenance,
    };
    writeFileSync(join(this.dir, 'samples.json'), `${JSON.stringify(info, null, 2)}\n`);
    return info;
  }
}

function readArray<T>(dir: string, file: string, make: (buffer: ArrayBuffer) => T): T {
  const bytes = readFileSync(join(dir, file));
  // A fresh, aligned copy: Buffer pool slices are not 4-byte aligned.
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return make(copy.buffer);
}

/** Reads a finished sample set, checking that its arrays agree with its description. */
export function readSampleSet(dir: string): SampleSet {
  const infoPath = join(dir, 'samples.json');
  if (!existsSync(infoPath))
    throw new TrainError('BAD_SAMPLE_SET', `${dir} is not a finished sample set (no samples.json)`);
  const info = JSON.parse(readFileSync(infoPath, 'utf8')) as SampleSetInfo;
  if (info.format !== 'mtcnn-samples/1')
    throw new TrainError('BAD_SAMPLE_SET', `${infoPath}: unknown format ${info.format}`);
  const images = readArray(dir, FILES.images, (b) => new Uint8Array(b));
  const labels = readArray(dir, FILES.labels, (b) => new Int8Array(b));
  const boxes = readArray(dir, FILES.boxes, (b) => new Float32Array(b));
  const landmarks = readArray(dir, FILES.landmarks, (b) => new Float32Array(b));
  const n = info.count;
  const sizes: [string, number, number][] = [
    [FILES.images, images.length, n * info.size * info.size * 3],
    [FILES.labels, labels.length, n],
    [FILES.boxes, boxes.length, n * 4],
    [FILES.landmarks, landmarks.length, n * 10],
  ];
  for (const [file, got, want] of sizes) {
    if (got !== want)
      throw new TrainError('BAD_SAMPLE_SET', `${join(dir, file)}: ${got} values, ${n} samples need ${want}`);
  }
  return { size: info.size, count: n, images, labels, boxes, landmarks, provenance: info.provenance };
}

/** The counts of each kind in a set. */
export function sampleCounts(set: SampleSet): Record<SampleKind, number> {
  return countsOf(set.labels);
}
