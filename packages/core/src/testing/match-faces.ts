import { type Face, LANDMARK_NAMES, toCorners } from '../geometry.js';
import { iou } from '../ops/iou.js';

/** A face in the form reference implementations report: corners, score and five [x, y] landmarks. */
export interface ReferenceFace {
  readonly box: readonly [number, number, number, number];
  readonly score: number;
  readonly landmarks?: readonly (readonly [number, number])[];
}

/** How one reference face was matched. */
export interface FaceMatch {
  readonly reference: ReferenceFace;
  /** Index into the found faces, or -1 when none overlaps. */
  readonly foundIndex: number;
  readonly iou: number;
  /** Largest landmark distance in pixels (NaN without landmarks on either side). */
  readonly landmarkErrorPx: number;
  /** The same, relative to the reference box width. */
  readonly landmarkErrorRel: number;
}

export interface FaceMatching {
  readonly matches: FaceMatch[];
  /** Found faces that overlap no reference face (IoU below `minIou`). */
  readonly extra: number[];
}

/**
 * Matches each reference face to the found face with the highest IoU (each found face used at most once,
 * strongest references first), and reports the found faces left over.
 */
export function matchFaces(
  found: readonly Face[],
  reference: readonly ReferenceFace[],
  minIou = 0.5,
): FaceMatching {
  const used = new Set<number>();
  const order = reference.map((_, i) => i).sort((a, b) => reference[b]!.score - reference[a]!.score || a - b);
  const matches: FaceMatch[] = new Array(reference.length);
  for (const r of order) {
    const ref = reference[r]!;
    let best = -1;
    let bestIou = 0;
    found.forEach((face, f) => {
      if (used.has(f)) return;
      const overlap = iou(toCorners(face.box), ref.box);
      if (overlap > bestIou) {
        bestIou = overlap;
        best = f;
      }
    });
    if (bestIou < minIou) best = -1;
    if (best >= 0) used.add(best);
    const face = best >= 0 ? found[best] : undefined;
    let errPx = Number.NaN;
    if (face?.landmarks && ref.landmarks) {
      errPx = 0;
      LANDMARK_NAMES.forEach((name, k) => {
        const p = face.landmarks![name];
        const [x, y] = ref.landmarks![k]!;
        errPx = Math.max(errPx, Math.hypot(p.x - x, p.y - y));
      });
    }
    matches[r] = {
      reference: ref,
      foundIndex: best,
      iou: best >= 0 ? bestIou : 0,
      landmarkErrorPx: errPx,
      landmarkErrorRel: errPx / (ref.box[2] - ref.box[0]),
    };
  }
  const extra = found.map((_, i) => i).filter((i) => !used.has(i));
  return { matches, extra };
}
