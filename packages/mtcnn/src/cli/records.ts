import type { Detection, EmbedderMetric, Face, StageReport } from '@mtcnn/core';
import { isMtcnnError, type MtcnnErrorCode } from '@mtcnn/core';
import { withFlagNames } from './flag-names.js';

/** Per-stage timing and candidate counts, as the core reports them. */
export type StageTiming = Readonly<Record<string, StageReport>>;

/** The record of an input that was processed (with or without faces). */
export interface ImageRecord {
  readonly file: string;
  readonly width: number;
  readonly height: number;
  /** Faces exactly as the library returns them, highest score first (embed and identify add to each). */
  readonly faces: readonly FaceRecord[];
  readonly timing: {
    /** Reading and decoding the file to pixels. */
    readonly decodeMs: number;
    /** Detection from decoded pixels to faces (the core's `timing.totalMs`). */
    readonly totalMs: number;
    readonly stages: StageTiming;
  };
  /** align only: one entry per face written. */
  readonly crops?: readonly CropRecord[];
  /** Why the result may not be what was asked for (an image smaller than --min-face); absent when none. */
  readonly warnings?: readonly string[];
}

/** A detected face, with what `embed` and `identify` add to it. */
export interface FaceRecord extends Face {
  /** embed: the face's embedding, unit length (the embedder's size: 192 mobilefacenet, 128 dlib). */
  readonly embedding?: readonly number[];
  /** identify: who the face is, in the gallery. */
  readonly identity?: IdentityRecord;
}

/** The open-set answer for one face (@mtcnn/recognition's IdentityMatch, JSON-ready). */
export interface IdentityRecord {
  /** The enrolled identity, or null ('unknown') when the nearest one is not within the threshold. */
  readonly label: string | null;
  /** The nearest identity even when it is not within the threshold; null for an empty gallery. */
  readonly nearest: string | null;
  /** Cosine similarity to the nearest identity, in [−1, 1]. */
  readonly similarity: number;
  /** Euclidean distance of the unit vectors, in [0, 2]. */
  readonly distance: number;
  /** The scale the threshold and the margin are on: 'cosine' (similarity) or 'euclidean' (distance). */
  readonly metric: EmbedderMetric;
  readonly threshold: number;
  /** How far the nearest identity beats the second, on the metric's scale; null with fewer than two identities. */
  readonly margin: number | null;
  readonly second?: { readonly label: string; readonly score: number };
}

/** `mtcnn embed --aligned`: the input is one aligned crop. */
export interface AlignedRecord {
  readonly file: string;
  /** Unit length, the embedder's size. */
  readonly embedding: readonly number[];
}

/** One aligned crop written by `mtcnn align`. */
export interface CropRecord {
  /** Index of the face in `faces`. */
  readonly face: number;
  /** Path of the PNG written. */
  readonly path: string;
  /** arcface: the similarity transform from photo pixels to crop pixels, [a, b, c, d, e, f] (x′ = a·x + b·y + c, y′ = d·x + e·y + f). */
  readonly matrix?: readonly number[];
  /** facenet: the whole-pixel region of the photo that was resized into the crop. */
  readonly region?: {
    readonly x: number;
    readonly y: number;
    readonly width: number;
    readonly height: number;
  };
}

/** Codes of the CLI's own failures, beside the library's. NO_FACE: `verify` found no face in an input. */
export type CliErrorCode = MtcnnErrorCode | 'WRITE_FAILED' | 'INTERNAL_ERROR' | 'NO_FACE';

/** The record of an input that failed. */
export interface ErrorRecord {
  readonly file: string;
  readonly error: { readonly code: CliErrorCode; readonly message: string };
}

export type InputRecord = ImageRecord | ErrorRecord | AlignedRecord;

export function isErrorRecord(record: InputRecord): record is ErrorRecord {
  return 'error' in record;
}

export function isAlignedRecord(record: InputRecord): record is AlignedRecord {
  return !('error' in record) && !('faces' in record);
}

/** A CLI failure that is not the library's: reported with its own code. */
export class CliError extends Error {
  constructor(
    readonly code: 'NO_FACE',
    message: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** An output file could not be written: the input fails, with this code. */
export class WriteError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WriteError';
  }
}

/** Milliseconds to 3 decimals (microseconds): finer digits are timer noise. */
const MS_DECIMALS = 1000;

export function roundMs(ms: number): number {
  return Math.round(ms * MS_DECIMALS) / MS_DECIMALS;
}

export function imageRecord(
  file: string,
  decodeMs: number,
  detection: Detection,
  warnings: readonly string[] = [],
): ImageRecord {
  const stages: Record<string, StageReport> = {};
  for (const [name, report] of Object.entries(detection.timing.stages)) {
    stages[name] = { ...report, ms: roundMs(report.ms) };
  }
  return {
    file,
    width: detection.width,
    height: detection.height,
    faces: detection.faces,
    timing: { decodeMs: roundMs(decodeMs), totalMs: roundMs(detection.timing.totalMs), stages },
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}

/** An error record for anything thrown while processing `file`. */
export function errorRecord(file: string, error: unknown): ErrorRecord {
  if (isMtcnnError(error))
    return { file, error: { code: error.code, message: withFlagNames(error.message) } };
  if (error instanceof WriteError) return { file, error: { code: 'WRITE_FAILED', message: error.message } };
  if (error instanceof CliError) return { file, error: { code: error.code, message: error.message } };
  const message = error instanceof Error ? error.message : String(error);
  return { file, error: { code: 'INTERNAL_ERROR', message } };
}
