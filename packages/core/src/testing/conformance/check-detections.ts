import { createDetector } from '../../detector.js';
import { faceDeviation } from './face-deviation.js';
import { ensure } from './failure.js';
import type { ReferenceImage } from './reference.js';
import { type ConformanceSubject, stagesOf } from './subject.js';
import { DETECTION_TOLERANCE } from './tolerance.js';

export interface DetectionAgreement {
  readonly photos: number;
  readonly faces: number;
  readonly minIou: number;
  readonly maxBoxPx: number;
  readonly maxLandmarkPx: number;
  readonly maxScoreDiff: number;
}

/**
 * (b) Full detection of each photo on the subject finds the same faces as the reference backend: no face
 * missing or extra, each box at IoU ≥ 0.99 with its reference and landmarks within 0.5 px.
 */
export async function checkDetections(
  subject: ConformanceSubject,
  photos: readonly ReferenceImage[],
): Promise<DetectionAgreement> {
  ensure(photos.length > 0, () => 'no photos to detect');
  const detector = await createDetector({ stages: stagesOf(subject) });
  const result = {
    photos: photos.length,
    faces: 0,
    minIou: 1,
    maxBoxPx: 0,
    maxLandmarkPx: 0,
    maxScoreDiff: 0,
  };
  try {
    for (const photo of photos) {
      const found = await detector.detect(photo.image);
      const d = faceDeviation(found, photo.faces);
      const where = `${photo.label} (${photo.image.width}×${photo.image.height})`;
      ensure(
        d.missing === 0 && d.extra === 0 && d.found === d.expected,
        () =>
          `${where}: found ${d.found} faces, the reference ${d.expected} (${d.missing} missing, ${d.extra} extra)`,
      );
      ensure(
        d.minIou >= DETECTION_TOLERANCE.minIou,
        () =>
          `${where}: a box overlaps its reference by IoU ${d.minIou.toFixed(4)} < ${DETECTION_TOLERANCE.minIou}`,
      );
      ensure(
        d.maxLandmarkPx <= DETECTION_TOLERANCE.maxLandmarkPx,
        () =>
          `${where}: a landmark is ${d.maxLandmarkPx.toFixed(3)} px from its reference, over ${DETECTION_TOLERANCE.maxLandmarkPx} px`,
      );
      result.faces += d.found;
      result.minIou = Math.min(result.minIou, d.minIou);
      result.maxBoxPx = Math.max(result.maxBoxPx, d.maxBoxPx);
      result.maxLandmarkPx = Math.max(result.maxLandmarkPx, d.maxLandmarkPx);
      result.maxScoreDiff = Math.max(result.maxScoreDiff, d.maxScoreDiff);
    }
    ensure(result.faces > 0, () => 'the photos gave no faces to compare');
  } finally {
    await detector.dispose();
  }
  return result;
}
