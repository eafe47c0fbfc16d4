// R-Net's and O-Net's samples come from the detections of the stages before them on each training photo (the
// recipe's "hard examples", AITTSMD/MTCNN-Tensorflow's gen_hard_example.py): what the earlier stages let through
// is exactly what the next one must learn to reject or to correct.
import type { Detector, RgbImage } from '@mtcnn/core';
import { detectionCrop } from './crops.js';
import type { DatasetFace } from './dataset.js';
import { type BoxCorners, bestOverlap } from './iou.js';
import { labelForIou } from './labels.js';
import type { PlannedCrop } from './mine-pnet.js';
import { SampleLabel } from './sample-set.js';

/**
 * Negatives kept per photo from the detections, the highest-scoring first (the hardest): the recipe's cap of 60,
 * which keeps a photo whose earlier stages fire everywhere from flooding the set with one background.
 */
export const NEGATIVES_PER_PHOTO = 60;

/**
 * Labels detections (corners, highest score first) by their best IoU with the faces, measured on the crop the
 * next stage would cut (detectionCrop): negative below 0.3 (at most `maxNegatives`), part 0.4–0.65, positive
 * above 0.65; detections in the 0.3–0.4 gap, or whose best face is an ignored one (small or invalid), are dropped.
 */
export function planDetectionCrops(
  detections: readonly BoxCorners[],
  faces: readonly DatasetFace[],
  maxNegatives = NEGATIVES_PER_PHOTO,
): PlannedCrop[] {
  const boxes = faces.map((face) => face.box);
  const out: PlannedCrop[] = [];
  let negatives = 0;
  for (const detection of detections) {
    const crop = detectionCrop(detection);
    if (crop[2] - crop[0] <= 0 || crop[3] - crop[1] <= 0) continue;
    const best = bestOverlap(crop, boxes);
    const label = labelForIou(best.iou);
    if (label === undefined) continue;
    if (label === SampleLabel.negative) {
      if (negatives >= maxNegatives) continue;
      negatives++;
      out.push({ crop, label, face: -1, iou: best.iou });
    } else if (faces[best.index]!.usable) {
      out.push({ crop, label, face: best.index, iou: best.iou });
    }
  }
  return out;
}

/** The detections of `detector` (the cascade up to the stage before the one mined, default options) as corners. */
export async function detectionsOf(detector: Detector, image: RgbImage): Promise<BoxCorners[]> {
  const faces = await detector.detect({ ...image, channels: 3 });
  return faces.map(({ box }) => [box.x, box.y, box.x + box.width, box.y + box.height] as const);
}
