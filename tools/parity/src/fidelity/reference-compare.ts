import type { Face } from '@mtcnn/core';
import { matchFaces, type ReferenceFace } from '@mtcnn/core/testing';

/** The IoU levels at which recall of the reference's faces is reported. */
export const RECALL_IOUS = [0.5, 0.9, 0.99] as const;
/** Reference faces at least this score must be found (lower ones sit at a threshold). */
export const MUST_FIND_SCORE = 0.9;
/** The landmark tolerance: each landmark within this fraction of the reference box's width. */
export const LANDMARK_TOLERANCE = 0.005;
/** The box tolerance for "the same face". */
export const SAME_FACE_IOU = 0.99;

/** Running totals of ours against a reference implementation's detections. */
export class ReferenceTally {
  /** Reference faces with score ≥ MUST_FIND_SCORE. */
  strong = 0;
  /** All reference faces. */
  all = 0;
  /** Strong reference faces matched at IoU ≥ RECALL_IOUS[k]. */
  readonly recalled = RECALL_IOUS.map(() => 0);
  readonly recalledAll = RECALL_IOUS.map(() => 0);
  /** Strong faces matched at IoU ≥ 0.99 with every landmark within 0.5 % of the box width. */
  same = 0;
  /** Strong faces whose box and landmarks are equal to float32 precision (IoU ≥ 0.99999, landmarks ≤ 0.001 px). */
  identical = 0;
  /** Landmark errors relative to the box width of the strong faces matched at IoU ≥ 0.5. */
  readonly landmarkErrors: number[] = [];
  /** Score differences of the matched strong faces. */
  maxScoreDiff = 0;
  /** Our faces overlapping no reference face (IoU < 0.5), and those of them scoring ≥ MUST_FIND_SCORE. */
  extra = 0;
  extraStrong = 0;
  /** Photos with any strong reference face not the same, or any extra face; for a look. */
  readonly differing: string[] = [];

  add(photo: string, found: readonly Face[], reference: readonly ReferenceFace[]): void {
    const { matches, extra } = matchFaces(found, reference);
    let differs = extra.length > 0;
    for (const m of matches) {
      this.all++;
      RECALL_IOUS.forEach((t, k) => {
        if (m.foundIndex >= 0 && m.iou >= t) this.recalledAll[k]!++;
      });
      if (m.reference.score < MUST_FIND_SCORE) continue;
      this.strong++;
      RECALL_IOUS.forEach((t, k) => {
        if (m.foundIndex >= 0 && m.iou >= t) this.recalled[k]!++;
      });
      if (m.foundIndex < 0) {
        differs = true;
        continue;
      }
      this.landmarkErrors.push(m.landmarkErrorRel);
      this.maxScoreDiff = Math.max(
        this.maxScoreDiff,
        Math.abs(found[m.foundIndex]!.score - m.reference.score),
      );
      if (m.iou >= SAME_FACE_IOU && m.landmarkErrorRel <= LANDMARK_TOLERANCE) this.same++;
      else differs = true;
      if (m.iou >= 0.99999 && m.landmarkErrorPx <= 0.001) this.identical++;
    }
    this.extra += extra.length;
    this.extraStrong += extra.filter((i) => found[i]!.score >= MUST_FIND_SCORE).length;
    if (differs) this.differing.push(photo);
  }

  /** Lines for the report. */
  summary(): string[] {
    const pct = (n: number, d: number) => `${((100 * n) / Math.max(1, d)).toFixed(2)} %`;
    const errors = [...this.landmarkErrors].sort((a, b) => a - b);
    const at = (q: number) =>
      errors[Math.min(errors.length - 1, Math.floor(q * errors.length))] ?? Number.NaN;
    return [
      `reference faces: ${this.all} (${this.strong} with score ≥ ${MUST_FIND_SCORE})`,
      `recall of the reference's faces ≥ ${MUST_FIND_SCORE} at IoU ${RECALL_IOUS.join(' / ')}: ${this.recalled
        .map((n) => pct(n, this.strong))
        .join(' / ')}`,
      `recall of all its faces at IoU ${RECALL_IOUS.join(' / ')}: ${this.recalledAll.map((n) => pct(n, this.all)).join(' / ')}`,
      `same face (IoU ≥ ${SAME_FACE_IOU}, landmarks ≤ ${100 * LANDMARK_TOLERANCE} % of box width): ${this.same} = ${pct(this.same, this.strong)}; identical to float32 precision: ${pct(this.identical, this.strong)}`,
      `landmark error / box width (matched ≥ ${MUST_FIND_SCORE}): median ${(100 * at(0.5)).toFixed(4)} %, p99 ${(100 * at(0.99)).toFixed(4)} %, max ${(100 * (errors.at(-1) ?? Number.NaN)).toFixed(4)} %; largest score difference ${this.maxScoreDiff.toExponential(2)}`,
      `extra faces (IoU < 0.5 with every reference face): ${this.extra} (${this.extraStrong} scoring ≥ ${MUST_FIND_SCORE})`,
    ];
  }
}
