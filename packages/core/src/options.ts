import { MtcnnError } from './errors.js';
import { DEFAULT_MAX_PIXELS } from './image.js';
import { PNET_CELL_SIZE } from './ops/pyramid.js';

/** Smallest face searched for by default, in pixels (the reference's `minsize`). */
export const DEFAULT_MIN_FACE_SIZE = 20;
/** Ratio between consecutive pyramid scales (the reference's `factor`). */
export const DEFAULT_SCALE_FACTOR = 0.709;
/** Face-probability thresholds of P-Net, R-Net and O-Net. */
export const DEFAULT_THRESHOLDS: readonly [number, number, number] = [0.6, 0.7, 0.7];

/** Options of one detection; each overrides the detector's own setting for this call only. */
export interface DetectOptions {
  /** Smallest face to find, in pixels; at least 12 (P-Net's window). Default 20. */
  readonly minFaceSize?: number;
  /** Pyramid scale factor in (0, 1); larger is slower and finds more. Default 0.709. */
  readonly scaleFactor?: number;
  /** Face-probability thresholds for P-Net, R-Net and O-Net, each in [0, 1]. Default [0.6, 0.7, 0.7]. */
  readonly thresholds?: readonly [number, number, number];
  /** Return at most this many faces (the highest scoring). Default: all. */
  readonly maxFaces?: number;
  /** Refuse images larger than this many pixels (width × height). Default 100 megapixels. */
  readonly maxPixels?: number;
}

export interface ResolvedDetectOptions {
  readonly minFaceSize: number;
  readonly scaleFactor: number;
  readonly thresholds: readonly [number, number, number];
  readonly maxFaces: number;
  readonly maxPixels: number;
}

function invalid(message: string): never {
  throw new MtcnnError('INVALID_OPTION', message);
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Merges option layers (later wins) over the defaults and validates the result. */
export function resolveDetectOptions(
  ...layers: readonly (DetectOptions | undefined)[]
): ResolvedDetectOptions {
  // An option given as undefined leaves the earlier layer's value in place.
  const merged: Record<string, unknown> = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer ?? {})) if (value !== undefined) merged[key] = value;
  }
  const {
    minFaceSize = DEFAULT_MIN_FACE_SIZE,
    scaleFactor = DEFAULT_SCALE_FACTOR,
    thresholds = DEFAULT_THRESHOLDS,
    maxFaces = Number.POSITIVE_INFINITY,
    maxPixels = DEFAULT_MAX_PIXELS,
  } = merged as DetectOptions;
  if (!isFiniteNumber(minFaceSize) || minFaceSize < PNET_CELL_SIZE) {
    invalid(`minFaceSize must be a number ≥ ${PNET_CELL_SIZE} (P-Net's window), got ${String(minFaceSize)}`);
  }
  if (!isFiniteNumber(scaleFactor) || scaleFactor <= 0 || scaleFactor >= 1) {
    invalid(`scaleFactor must be a number in (0, 1), got ${String(scaleFactor)}`);
  }
  if (!Array.isArray(thresholds) || thresholds.length !== 3) {
    invalid(
      `thresholds must be an array of three numbers [pnet, rnet, onet], got ${JSON.stringify(thresholds)}`,
    );
  }
  for (const t of thresholds) {
    if (!isFiniteNumber(t) || t < 0 || t > 1) {
      invalid(`each threshold must be a number in [0, 1], got ${JSON.stringify(thresholds)}`);
    }
  }
  if (maxFaces !== Number.POSITIVE_INFINITY && (!Number.isInteger(maxFaces) || maxFaces < 1)) {
    invalid(`maxFaces must be a positive integer, got ${String(maxFaces)}`);
  }
  if (!Number.isInteger(maxPixels) || maxPixels < 1) {
    invalid(`maxPixels must be a positive integer, got ${String(maxPixels)}`);
  }
  return {
    minFaceSize,
    scaleFactor,
    thresholds: [...thresholds] as [number, number, number],
    maxFaces,
    maxPixels,
  };
}
