import { type Face, LANDMARK_NAMES, toCorners } from '@mtcnn/core';
import { matchFaces, type ReferenceFace } from '@mtcnn/core/testing';

/** Largest deviation, in pixels, at which two backends still count as agreeing. */
export const AGREEMENT_TOLERANCE_PX = 0.5;

/** Minimum IoU for a face to match a reference face. */
export const MATCH_MIN_IOU = 0.5;

/** How one backend's faces compare with the reference backend's. */
export interface Agreement {
  readonly referenceFaces: number;
  readonly faces: number;
  /** Reference faces that have a matching face. */
  readonly matched: number;
  /** Faces that match no reference face. */
  readonly extra: number;
  /** Largest difference of a box corner coordinate between matched faces, px (0 when nothing matched). */
  readonly maxBoxDeviationPx: number;
  /** Largest landmark distance between matched faces, px. */
  readonly maxLandmarkDeviationPx: number;
  readonly maxScoreDifference: number;
  /** All faces matched both ways and every deviation below AGREEMENT_TOLERANCE_PX. */
  readonly full: boolean;
}

function asReference(face: Face): ReferenceFace {
  return {
    box: toCorners(face.box),
    score: face.score,
    ...(face.landmarks
      ? { landmarks: LANDMARK_NAMES.map((n) => [face.landmarks![n].x, face.landmarks![n].y]) }
      : {}),
  };
}

/** Compares faces found by one backend with those of the reference backend (`matchFaces` of the core). */
export function agreement(reference: readonly Face[], found: readonly Face[]): Agreement {
  const { matches, extra } = matchFaces(found, reference.map(asReference), MATCH_MIN_IOU);
  let box = 0;
  let landmark = 0;
  let score = 0;
  let matched = 0;
  for (const match of matches) {
    const face = found[match.foundIndex];
    if (!face) continue;
    matched++;
    const corners = toCorners(face.box);
    corners.forEach((c, k) => {
      box = Math.max(box, Math.abs(c - match.reference.box[k]!));
    });
    if (!Number.isNaN(match.landmarkErrorPx)) landmark = Math.max(landmark, match.landmarkErrorPx);
    score = Math.max(score, Math.abs(face.score - match.reference.score));
  }
  return {
    referenceFaces: reference.length,
    faces: found.length,
    matched,
    extra: extra.length,
    maxBoxDeviationPx: box,
    maxLandmarkDeviationPx: landmark,
    maxScoreDifference: score,
    full:
      matched === reference.length &&
      extra.length === 0 &&
      box < AGREEMENT_TOLERANCE_PX &&
      landmark < AGREEMENT_TOLERANCE_PX,
  };
}
