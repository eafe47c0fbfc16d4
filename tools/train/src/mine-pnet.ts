// Where P-Net's 12-px samples are cut: the recipe of the public reimplementations (AITTSMD/MTCNN-Tensorflow's
// gen_12net_data.py, itself from the paper's description), on box geometry only, so that the rates and labels
// can be checked without pixels.
import type { DatasetFace } from './dataset.js';
import { type BoxCorners, bestOverlap } from './iou.js';
import { IOU_RULE, labelForIou } from './labels.js';
import type { Random } from './random.js';
import { SampleLabel } from './sample-set.js';

/** One crop to cut, with its label and, for positives and part faces, the face it is measured against. */
export interface PlannedCrop {
  /** Integer corners [x1, y1, x2, y2] of a square crop. */
  readonly crop: BoxCorners;
  readonly label: SampleLabel;
  /** Index of the face the box targets refer to; −1 for negatives. */
  readonly face: number;
  /** IoU with that face (for negatives: the highest IoU with any face). */
  readonly iou: number;
}

/** How many crops the recipe tries per photo and per face. */
export interface PnetMiningRates {
  /** Random negatives kept per photo (the recipe's 50). */
  readonly randomNegatives: number;
  /** Tries of a negative near each usable face (the recipe's 5; kept only when IoU < 0.3 with every face). */
  readonly negativesPerFace: number;
  /** Tries of a shifted and scaled crop around each usable face (the recipe's 20), kept as pos or part by IoU. */
  readonly shiftedPerFace: number;
}

export const PNET_MINING_RATES: PnetMiningRates = {
  randomNegatives: 50,
  negativesPerFace: 5,
  shiftedPerFace: 20,
};

/** Tries per random negative before a photo crowded with faces gives up on the rest. */
const TRIES_PER_NEGATIVE = 20;
/** Smallest crop: P-Net's input size. */
const MIN_CROP = 12;

/** What mining needs of a photo: its size and its faces (a DatasetPhoto, or synthetic boxes in tests). */
export interface MiningPhoto {
  readonly width: number;
  readonly height: number;
  readonly faces: readonly DatasetFace[];
}

function boxesOf(faces: readonly DatasetFace[]): BoxCorners[] {
  return faces.map((face) => face.box);
}

/** A crop size as the recipe draws it: 12 … min(width, height) / 2. */
function negativeSize(photo: MiningPhoto, random: Random): number {
  return random.int(MIN_CROP, Math.max(MIN_CROP + 1, Math.min(photo.width, photo.height) / 2));
}

/**
 * Random square negatives anywhere in the photo, of 12 … min(w, h)/2 px, kept when their IoU with every face
 * (ignored ones included: a crop over an unlabelled-looking face must not teach "no face") is below 0.3.
 */
export function planRandomNegatives(photo: MiningPhoto, random: Random, count: number): PlannedCrop[] {
  const boxes = boxesOf(photo.faces);
  const out: PlannedCrop[] = [];
  for (let tries = 0; out.length < count && tries < count * TRIES_PER_NEGATIVE; tries++) {
    const size = negativeSize(photo, random);
    if (size > photo.width || size > photo.height) break;
    const x = random.int(0, photo.width - size);
    const y = random.int(0, photo.height - size);
    const crop: BoxCorners = [x, y, x + size, y + size];
    const best = bestOverlap(crop, boxes);
    if (best.iou < IOU_RULE.negativeBelow)
      out.push({ crop, label: SampleLabel.negative, face: -1, iou: best.iou });
  }
  return out;
}

/** Negatives near a face (hard ones: they share its edges), `tries` per usable face, kept when IoU < 0.3. */
export function planNearNegatives(photo: MiningPhoto, random: Random, tries: number): PlannedCrop[] {
  const boxes = boxesOf(photo.faces);
  const out: PlannedCrop[] = [];
  for (const face of photo.faces) {
    if (!face.usable) continue;
    const [x1, y1, x2, y2] = face.box;
    for (let i = 0; i < tries; i++) {
      const size = negativeSize(photo, random);
      const nx = Math.max(0, Math.trunc(x1 + random.int(Math.max(-size, -x1), x2 - x1)));
      const ny = Math.max(0, Math.trunc(y1 + random.int(Math.max(-size, -y1), y2 - y1)));
      if (nx + size > photo.width || ny + size > photo.height) continue;
      const crop: BoxCorners = [nx, ny, nx + size, ny + size];
      const best = bestOverlap(crop, boxes);
      if (best.iou < IOU_RULE.negativeBelow) {
        out.push({ crop, label: SampleLabel.negative, face: -1, iou: best.iou });
      }
    }
  }
  return out;
}

/**
 * Crops around each usable face, shifted by up to ±20 % of its size and of 0.8 × its shorter … 1.25 × its longer
 * side, `tries` per face, labelled by their best IoU with all faces: positive above 0.65, part 0.4–0.65, others
 * dropped; a crop whose best face is an ignored one (small or invalid) is dropped too.
 */
export function planShiftedCrops(photo: MiningPhoto, random: Random, tries: number): PlannedCrop[] {
  const boxes = boxesOf(photo.faces);
  const out: PlannedCrop[] = [];
  for (const face of photo.faces) {
    if (!face.usable) continue;
    const [x1, y1, x2, y2] = face.box;
    const w = x2 - x1;
    const h = y2 - y1;
    for (let i = 0; i < tries; i++) {
      const size = random.int(Math.trunc(Math.min(w, h) * 0.8), Math.ceil(1.25 * Math.max(w, h)));
      if (size < MIN_CROP) continue;
      const dx = random.int(-w * 0.2, w * 0.2);
      const dy = random.int(-h * 0.2, h * 0.2);
      const nx = Math.trunc(Math.max(x1 + w / 2 + dx - size / 2, 0));
      const ny = Math.trunc(Math.max(y1 + h / 2 + dy - size / 2, 0));
      if (nx + size > photo.width || ny + size > photo.height) continue;
      const crop: BoxCorners = [nx, ny, nx + size, ny + size];
      const best = bestOverlap(crop, boxes);
      const label = labelForIou(best.iou);
      if (label === undefined || label === SampleLabel.negative || !photo.faces[best.index]!.usable) continue;
      out.push({ crop, label, face: best.index, iou: best.iou });
    }
  }
  return out;
}

/** Every crop of one photo for P-Net: random negatives, negatives near faces, shifted positives and parts. */
export function planPnetCrops(
  photo: MiningPhoto,
  random: Random,
  rates: PnetMiningRates = PNET_MINING_RATES,
): PlannedCrop[] {
  return [
    ...planRandomNegatives(photo, random, rates.randomNegatives),
    ...planNearNegatives(photo, random, rates.negativesPerFace),
    ...planShiftedCrops(photo, random, rates.shiftedPerFace),
  ];
}
