import { MtcnnError } from './errors.js';
import { DEFAULT_MAX_PIXELS } from './image.js';

/** Smallest face searched for by default, in pixels (the reference's `minsize`). */
export const DEFAULT_MIN_FACE_SIZE = 20;
/** Ratio between consecutive pyramid scales (the reference's `factor`). */
export const DEFAULT_SCALE_FACTOR = 0.709;
/** The standard cascade's face-probability thresholds: P-Net, R-Net, O-Net (each stage's own default). */
export const DEFAULT_THRESHOLDS: readonly [number, number, number] = [0.6, 0.7, 0.7];

/**
 * Face-probability thresholds, each in [0, 1]: by stage name (`{ rnet: 0.8 }`), or by position in the cascade
 * (`[0.6, 0.7, 0.7]` for P-Net, R-Net, O-Net; entries past the cascade's end are not used). Stages not given keep
 * their threshold from the layer below (the detector's options, else the stage's own default).
 */
export type Thresholds = readonly number[] | Readonly<Record<string, number>>;

/**
 * Which implementation's arithmetic the cascade reproduces: 'mtcnn' (the default) follows the original MATLAB
 * code; 'facenet-pytorch' reproduces facenet-pytorch 2.x's `detect_face`, quirks included (each named where the
 * stages follow it), for pipelines moved from it that need the same faces.
 */
export type CompatMode = 'mtcnn' | 'facenet-pytorch';
export const COMPAT_MODES: readonly CompatMode[] = ['mtcnn', 'facenet-pytorch'];

/** Options of one detection; each overrides the detector's own setting for this call only. */
export interface DetectOptions {
  /** Smallest face to find, in pixels (at least the proposal stage's window: 12 for P-Net). Default 20. */
  readonly minFaceSize?: number;
  /** Pyramid scale factor in (0, 1); larger is slower and finds more. Default 0.709. */
  readonly scaleFactor?: number;
  /** Face-probability thresholds by stage name or cascade position. Default: P-Net 0.6, R-Net 0.7, O-Net 0.7. */
  readonly thresholds?: Thresholds;
  /** Return at most this many faces (the highest scoring). Default: all. */
  readonly maxFaces?: number;
  /** Refuse images larger than this many pixels (width × height). Default 100 megapixels. */
  readonly maxPixels?: number;
  /** Reproduce another implementation's results: 'facenet-pytorch', or 'mtcnn' (the default). */
  readonly compat?: CompatMode;
}

export interface ResolvedDetectOptions {
  readonly minFaceSize: number;
  readonly scaleFactor: number;
  /** By stage name. */
  readonly thresholds: Readonly<Record<string, number>>;
  readonly maxFaces: number;
  readonly maxPixels: number;
  /** Present only when not the default: stages that follow another implementation consult it. */
  readonly compat?: 'facenet-pytorch';
}

function invalid(message: string): never {
  throw new MtcnnError('INVALID_OPTION', message);
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** One layer's thresholds by stage name, validated. */
function thresholdsByName(thresholds: unknown, stages: readonly string[]): Record<string, number> {
  const check = (t: unknown) => {
    if (!isFiniteNumber(t) || t < 0 || t > 1) {
      invalid(`each threshold must be a number in [0, 1], got ${JSON.stringify(thresholds)}`);
    }
    return t;
  };
  const byName: Record<string, number> = {};
  if (Array.isArray(thresholds)) {
    if (thresholds.length < stages.length) {
      invalid(
        `thresholds by position need one per stage (${stages.join(', ')}), got ${JSON.stringify(thresholds)}`,
      );
    }
    thresholds.forEach((t, i) => {
      const value = check(t);
      if (i < stages.length) byName[stages[i]!] = value;
    });
    return byName;
  }
  if (thresholds === null || typeof thresholds !== 'object') {
    invalid(
      `thresholds must be an array by cascade position ([pnet, rnet, onet]) or an object by stage name, got ${JSON.stringify(thresholds)}`,
    );
  }
  for (const [name, t] of Object.entries(thresholds)) {
    if (!stages.includes(name)) {
      invalid(`thresholds names an unknown stage "${name}" (stages: ${stages.join(', ')})`);
    }
    byName[name] = check(t);
  }
  return byName;
}

/**
 * Merges option layers (later wins) over the defaults and validates the result, for a cascade of the stages
 * named `stages`, in order (thresholds given by position map onto them).
 */
export function resolveDetectOptions(
  stages: readonly string[],
  ...layers: readonly (DetectOptions | undefined)[]
): ResolvedDetectOptions {
  // An option given as undefined leaves the earlier layer's value in place; thresholds merge stage by stage.
  const merged: Record<string, unknown> = {};
  let thresholds: Record<string, number> = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer ?? {})) {
      if (value === undefined) continue;
      if (key === 'thresholds') thresholds = { ...thresholds, ...thresholdsByName(value, stages) };
      else merged[key] = value;
    }
  }
  const {
    minFaceSize = DEFAULT_MIN_FACE_SIZE,
    scaleFactor = DEFAULT_SCALE_FACTOR,
    maxFaces = Number.POSITIVE_INFINITY,
    maxPixels = DEFAULT_MAX_PIXELS,
    compat = 'mtcnn',
  } = merged as DetectOptions;
  if (!isFiniteNumber(minFaceSize) || minFaceSize <= 0) {
    invalid(`minFaceSize must be a positive number, got ${String(minFaceSize)}`);
  }
  if (!isFiniteNumber(scaleFactor) || scaleFactor <= 0 || scaleFactor >= 1) {
    invalid(`scaleFactor must be a number in (0, 1), got ${String(scaleFactor)}`);
  }
  if (maxFaces !== Number.POSITIVE_INFINITY && (!Number.isInteger(maxFaces) || maxFaces < 1)) {
    invalid(`maxFaces must be a positive integer, got ${String(maxFaces)}`);
  }
  if (!Number.isInteger(maxPixels) || maxPixels < 1) {
    invalid(`maxPixels must be a positive integer, got ${String(maxPixels)}`);
  }
  if (!COMPAT_MODES.includes(compat)) {
    invalid(`compat must be one of ${COMPAT_MODES.join(', ')}, got ${JSON.stringify(compat)}`);
  }
  const resolved = { minFaceSize, scaleFactor, thresholds, maxFaces, maxPixels };
  return compat === 'mtcnn' ? resolved : { ...resolved, compat };
}
