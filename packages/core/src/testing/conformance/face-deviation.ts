import { type Face, LANDMARK_NAMES, toCorners } from '../../geometry.js';
import { matchFaces, type ReferenceFace } from '../match-faces.js';

/** A detected face in the reference form that {@link matchFaces} takes. */
export function toReferenceFace(face: Face): ReferenceFace {
  return {
    box: toCorners(face.box),
    score: face.score,
    landmarks: face.landmarks
      ? LANDMARK_NAMES.map((name) => [face.landmarks![name].x, face.landmarks![name].y] as const)
      : undefined,
  };
}

/** How far one set of faces is from another, taken as the reference. */
export interface FaceDeviation {
  readonly expected: number;
  readonly found: number;
  /** Reference faces with no found face overlapping them (IoU < 0.5), and found faces matching none. */
  readonly missing: number;
  readonly extra: number;
  readonly minIou: number;
  /** Largest difference of any box corner coordinate, in pixels. */
  readonly maxBoxPx: number;
  /** Largest landmark distance, in pixels (0 without landmarks). */
  readonly maxLandmarkPx: number;
  readonly maxScoreDiff: number;
}

/** Matches `found` to `expected` face by face and measures the worst deviation. */
export function faceDeviation(found: readonly Face[], expected: readonly Face[]): FaceDeviation {
  const { matches, extra } = matchFaces(found, expected.map(toReferenceFace));
  let minIou = 1;
  let maxBoxPx = 0;
  let maxLandmarkPx = 0;
  let maxScoreDiff = 0;
  let missing = 0;
  for (const m of matches) {
    if (m.foundIndex < 0) {
      missing++;
      minIou = 0;
      continue;
    }
    const face = found[m.foundIndex]!;
    minIou = Math.min(minIou, m.iou);
    const corners = toCorners(face.box);
    corners.forEach((v, k) => {
      maxBoxPx = Math.max(maxBoxPx, Math.abs(v - m.reference.box[k]!));
    });
    if (!Number.isNaN(m.landmarkErrorPx)) maxLandmarkPx = Math.max(maxLandmarkPx, m.landmarkErrorPx);
    maxScoreDiff = Math.max(maxScoreDiff, Math.abs(face.score - m.reference.score));
  }
  return {
    expected: expected.length,
    found: found.length,
    missing,
    extra: extra.length,
    minIou,
    maxBoxPx,
    maxLandmarkPx,
    maxScoreDiff,
  };
}
