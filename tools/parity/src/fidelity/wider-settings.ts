/**
 * WIDER's easy / medium / hard settings for photos without the official split files. The official files
 * (wider_easy_val.mat …) exist for the validation set only; they list, per photo, the faces each setting counts
 * (nested: easy ⊂ medium ⊂ hard), chosen by how often a reference detector (EdgeBox) found faces of each kind.
 * Here the settings are defined from the ground truth's own attributes and sizes, as close to that as the
 * attributes allow, and the same way for every photo:
 *
 * - every setting leaves out faces marked invalid and faces under 10 px high (WIDER's smallest annotated scale);
 * - hard: every other face;
 * - medium: faces at least 20 px high without heavy occlusion;
 * - easy: faces at least 50 px high (WIDER's 'medium' scale and up) without heavy occlusion, heavy blur or an
 *   atypical pose.
 *
 * Detections on faces a setting leaves out are ignored, neither true nor false positives, as in the official
 * evaluation.
 */

/** A ground-truth face as the data's ground-truth.json gives it (WIDER's attribute codes). */
export interface WiderFace {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly blur: number;
  readonly expression: number;
  readonly illumination: number;
  readonly invalid: number;
  readonly occlusion: number;
  readonly pose: number;
}

export type WiderSetting = 'easy' | 'medium' | 'hard';
export const WIDER_SETTINGS: readonly WiderSetting[] = ['easy', 'medium', 'hard'];

/** Smallest face height any setting counts. */
export const MIN_COUNTED_HEIGHT = 10;
export const MEDIUM_MIN_HEIGHT = 20;
export const EASY_MIN_HEIGHT = 50;

const HEAVY = 2;
const ATYPICAL_POSE = 1;

/** Whether `setting` counts this face. */
export function inSetting(face: WiderFace, setting: WiderSetting): boolean {
  if (face.invalid === 1 || face.h < MIN_COUNTED_HEIGHT) return false;
  if (setting === 'hard') return true;
  if (face.h < MEDIUM_MIN_HEIGHT || face.occlusion === HEAVY) return false;
  if (setting === 'medium') return true;
  return face.h >= EASY_MIN_HEIGHT && face.blur !== HEAVY && face.pose !== ATYPICAL_POSE;
}
