import type { Detection, Face, StageReport } from '@mtcnn/core';
import { isMtcnnError, type MtcnnErrorCode } from '@mtcnn/core';

/** Per-stage timing and candidate counts, as the core reports them. */
export type StageTiming = Readonly<Record<string, StageReport>>;

/** The record of an input that was processed (with or without faces). */
export interface ImageRecord {
  readonly file: string;
  readonly width: number;
  readonly height: number;
  /** Faces exactly as the library returns them, highest score first. */
  readonly faces: readonly Face[];
  readonly timing: {
    /** Reading and decoding the file to pixels. */
    readonly decodeMs: number;
    /** Detection from decoded pixels to faces (the core's `timing.totalMs`). */
    readonly totalMs: number;
    readonly stages: StageTiming;
  };
  /** align only: one entry per face written. */
  readonly crops?: readonly CropRecord[];
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

/** Codes of the CLI's own failures, beside the library's. */
export type CliErrorCode = MtcnnErrorCode | 'WRITE_FAILED' | 'INTERNAL_ERROR';

/** The record of an input that failed. */
export interface ErrorRecord {
  readonly file: string;
  readonly error: { readonly code: CliErrorCode; readonly message: string };
}

export type InputRecord = ImageRecord | ErrorRecord;

export function isErrorRecord(record: InputRecord): record is ErrorRecord {
  return 'error' in record;
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

export function imageRecord(file: string, decodeMs: number, detection: Detection): ImageRecord {
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
  };
}

/** An error record for anything thrown while processing `file`. */
export function errorRecord(file: string, error: unknown): ErrorRecord {
  if (isMtcnnError(error)) return { file, error: { code: error.code, message: error.message } };
  if (error instanceof WriteError) return { file, error: { code: 'WRITE_FAILED', message: error.message } };
  const message = error instanceof Error ? error.message : String(error);
  return { file, error: { code: 'INTERNAL_ERROR', message } };
}
