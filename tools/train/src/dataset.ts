// The documented dataset layout (README): <dir>/ground-truth.json = [{ file, width, height, faces: [{ x, y, w, h,
// invalid?, ... }] }], file relative to <dir>/images/. WIDER FACE's attributes (blur, pose, ...) may ride along.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BoxCorners } from './iou.js';
import { TrainError } from './train-error.js';

/**
 * Smallest face, in pixels of its longer side, that positives and part faces are cut from. The public recipe
 * (AITTSMD/MTCNN-Tensorflow, gen_12net_data.py and gen_hard_example.py) skips faces with max(w, h) < 20 "in case
 * the ground truth boxes of small faces are not accurate"; such faces still count when checking negatives.
 */
export const MIN_POSITIVE_FACE = 20;

export interface DatasetFace {
  /** [x, y, x + w, y + h]. */
  readonly box: BoxCorners;
  /** Marked invalid in the ground truth (WIDER's "do not use"). */
  readonly invalid: boolean;
  /** A source of positives and part faces: valid and at least {@link MIN_POSITIVE_FACE} px on its longer side. */
  readonly usable: boolean;
}

export interface DatasetPhoto {
  /** Position in ground-truth.json (holdout picks by it). */
  readonly index: number;
  /** As in ground-truth.json, relative to <dir>/images/. */
  readonly file: string;
  readonly path: string;
  readonly width: number;
  readonly height: number;
  readonly faces: readonly DatasetFace[];
}

export interface DatasetProblem {
  readonly file: string;
  readonly code: 'MISSING_IMAGE';
  readonly message: string;
}

export interface Dataset {
  readonly dir: string;
  readonly holdoutEvery: number;
  /** Every photo listed, in order. */
  readonly photos: readonly DatasetPhoto[];
  /** The photos to mine: not held out, image present. */
  readonly training: readonly DatasetPhoto[];
  /** Photos with index % holdoutEvery === 0, kept for evaluation (image present). */
  readonly holdout: readonly DatasetPhoto[];
  /** Photos left out because of a problem (a missing image), reported rather than fatal. */
  readonly problems: readonly DatasetProblem[];
}

export interface LoadDatasetOptions {
  /** Hold out every k-th photo (index % k === 0) for evaluation; 0 (the default) holds none out. */
  readonly holdoutEvery?: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readFace(raw: unknown, where: string): DatasetFace {
  if (!isRecord(raw)) throw new TrainError('BAD_FACE', `${where}: a face must be an object { x, y, w, h }`);
  const { x, y, w, h } = raw;
  for (const [key, value] of Object.entries({ x, y, w, h })) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new TrainError(
        'BAD_FACE',
        `${where}: ${key} must be a finite number, got ${JSON.stringify(value)}`,
      );
    }
  }
  const [fx, fy, fw, fh] = [x, y, w, h] as number[];
  if (fw! < 0 || fh! < 0) throw new TrainError('BAD_FACE', `${where}: negative size ${fw}×${fh}`);
  const invalid = raw.invalid === true || raw.invalid === 1;
  return {
    box: [fx!, fy!, fx! + fw!, fy! + fh!],
    invalid,
    usable: !invalid && Math.max(fw!, fh!) >= MIN_POSITIVE_FACE,
  };
}

function readPhoto(raw: unknown, index: number, dir: string, groundTruth: string): DatasetPhoto {
  const where = `${groundTruth} [${index}]`;
  if (!isRecord(raw)) throw new TrainError('BAD_GROUND_TRUTH', `${where}: each entry must be an object`);
  const { file, width, height, faces } = raw;
  if (typeof file !== 'string' || file === '') {
    throw new TrainError('BAD_GROUND_TRUTH', `${where}: file must be a non-empty string`);
  }
  for (const [key, value] of Object.entries({ width, height })) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
      throw new TrainError('BAD_GROUND_TRUTH', `${where} (${file}): ${key} must be a positive integer`);
    }
  }
  if (!Array.isArray(faces))
    throw new TrainError('BAD_GROUND_TRUTH', `${where} (${file}): faces must be an array`);
  return {
    index,
    file,
    path: join(dir, 'images', file),
    width: width as number,
    height: height as number,
    faces: faces.map((face, i) => readFace(face, `${where} (${file}) face ${i}`)),
  };
}

/**
 * Reads a dataset folder. A missing or malformed ground-truth.json, or a face with a non-finite or negative size,
 * is a {@link TrainError} naming the entry; a missing image is a problem reported in `problems` and the photo left
 * out of `training` and `holdout`, so mining goes on past it.
 */
export function loadDataset(dir: string, options: LoadDatasetOptions = {}): Dataset {
  const holdoutEvery = options.holdoutEvery ?? 0;
  if (!Number.isInteger(holdoutEvery) || holdoutEvery < 0 || holdoutEvery === 1) {
    throw new TrainError(
      'INVALID_OPTION',
      `holdoutEvery must be 0 (none) or an integer ≥ 2, got ${String(holdoutEvery)}`,
    );
  }
  const groundTruth = join(dir, 'ground-truth.json');
  if (!existsSync(groundTruth)) {
    throw new TrainError(
      'MISSING_GROUND_TRUTH',
      `${dir} has no ground-truth.json (see tools/train/README.md)`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(groundTruth, 'utf8'));
  } catch (cause) {
    throw new TrainError('BAD_GROUND_TRUTH', `${groundTruth}: ${(cause as Error).message}`, { cause });
  }
  if (!Array.isArray(parsed)) {
    throw new TrainError('BAD_GROUND_TRUTH', `${groundTruth}: expected an array of photos`);
  }
  const photos = parsed.map((raw, index) => readPhoto(raw, index, dir, groundTruth));
  const problems: DatasetProblem[] = [];
  const present = photos.filter((photo) => {
    if (existsSync(photo.path)) return true;
    problems.push({ file: photo.file, code: 'MISSING_IMAGE', message: `${photo.path} does not exist` });
    return false;
  });
  const held = (photo: DatasetPhoto) => holdoutEvery > 0 && photo.index % holdoutEvery === 0;
  return {
    dir,
    holdoutEvery,
    photos,
    training: present.filter((photo) => !held(photo)),
    holdout: present.filter(held),
    problems,
  };
}
