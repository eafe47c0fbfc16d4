/**
 * WIDER FACE's average precision, as the official evaluation computes it (eval_tools/wider_eval.m, and its Python
 * port): per photo, detections in descending score order are matched to the ground-truth face they overlap most;
 * a detection with IoU ≥ the threshold on a face of the setting is a true positive the first time that face is
 * matched (a duplicate is a false positive), on a face outside the setting it is ignored (neither); scores are
 * normalised over the whole set to [0, 1]; precision and recall are read at 1,000 score thresholds and the AP is
 * the area under the precision envelope (VOC style).
 */

/** A box as x, y (top left), width, height, as WIDER writes them. */
export interface WiderBox {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface WiderDetection extends WiderBox {
  readonly score: number;
}

/** One photo: its ground truth, which of those faces the setting counts, and the detections. */
export interface WiderPhoto {
  readonly faces: readonly WiderBox[];
  /** `counted[i]`: face i belongs to the setting; detections on the other faces are ignored. */
  readonly counted: readonly boolean[];
  readonly detections: readonly WiderDetection[];
}

/** The official evaluation's number of score thresholds. */
export const THRESHOLD_COUNT = 1000;

/** IoU of two WIDER boxes, with the evaluation's pixel-inclusive (+1) widths and heights. */
export function widerIou(a: WiderBox, b: WiderBox): number {
  const ax2 = a.x + a.w;
  const ay2 = a.y + a.h;
  const bx2 = b.x + b.w;
  const by2 = b.y + b.h;
  const iw = Math.min(ax2, bx2) - Math.max(a.x, b.x) + 1;
  const ih = Math.min(ay2, by2) - Math.max(a.y, b.y) + 1;
  if (iw <= 0 || ih <= 0) return 0;
  const inter = iw * ih;
  const union = (a.w + 1) * (a.h + 1) + (b.w + 1) * (b.h + 1) - inter;
  return inter / union;
}

/**
 * One photo's detections (sorted by descending score) against its faces: for each detection whether it counts as a
 * proposal (not ignored), and the number of distinct counted faces recalled by it and the detections before it.
 */
export function evaluatePhoto(
  photo: WiderPhoto,
  sorted: readonly WiderDetection[],
  iouThreshold: number,
): { proposal: boolean[]; recalled: number[] } {
  const faceState = new Int8Array(photo.faces.length); // 0 not yet, 1 recalled, -1 matched while ignored
  const proposal: boolean[] = [];
  const recalled: number[] = [];
  let count = 0;
  for (const det of sorted) {
    let best = -1;
    let bestIou = -1;
    photo.faces.forEach((face, i) => {
      const overlap = widerIou(det, face);
      if (overlap > bestIou) {
        bestIou = overlap;
        best = i;
      }
    });
    let isProposal = true;
    if (best >= 0 && bestIou >= iouThreshold) {
      if (!photo.counted[best]) {
        faceState[best] = -1;
        isProposal = false;
      } else if (faceState[best] === 0) {
        faceState[best] = 1;
        count++;
      }
    }
    proposal.push(isProposal);
    recalled.push(count);
  }
  return { proposal, recalled };
}

/** Area under the precision envelope over recall (VOC's corrected AP), with sentinels at recall 0 and 1. */
export function vocAp(recall: readonly number[], precision: readonly number[]): number {
  const mrec = [0, ...recall, 1];
  const mpre = [0, ...precision, 0];
  for (let i = mpre.length - 1; i > 0; i--) mpre[i - 1] = Math.max(mpre[i - 1]!, mpre[i]!);
  let ap = 0;
  for (let i = 0; i + 1 < mrec.length; i++) {
    if (mrec[i + 1] !== mrec[i]) ap += (mrec[i + 1]! - mrec[i]!) * mpre[i + 1]!;
  }
  return ap;
}

export interface WiderResult {
  readonly ap: number;
  /** Counted faces in the setting. */
  readonly faces: number;
  /** Recall at the lowest threshold (every detection). */
  readonly recall: number;
}

/** The setting's AP over all photos at `iouThreshold` (WIDER: 0.5). */
export function widerAp(photos: readonly WiderPhoto[], iouThreshold = 0.5): WiderResult {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const p of photos) {
    for (const d of p.detections) {
      min = Math.min(min, d.score);
      max = Math.max(max, d.score);
    }
  }
  const norm = (s: number) => (max > min ? (s - min) / (max - min) : 1);
  const proposals = new Float64Array(THRESHOLD_COUNT);
  const recalls = new Float64Array(THRESHOLD_COUNT);
  let faces = 0;
  for (const photo of photos) {
    faces += photo.counted.filter(Boolean).length;
    if (photo.faces.length === 0 || photo.detections.length === 0) continue;
    const sorted = [...photo.detections].sort((a, b) => b.score - a.score);
    const scores = sorted.map((d) => norm(d.score));
    const { proposal, recalled } = evaluatePhoto(photo, sorted, iouThreshold);
    for (let t = 0; t < THRESHOLD_COUNT; t++) {
      const threshold = 1 - (t + 1) / THRESHOLD_COUNT;
      // The last detection at or above the threshold (scores descend).
      let last = -1;
      for (let k = 0; k < scores.length && scores[k]! >= threshold; k++) last = k;
      if (last < 0) continue;
      let proposed = 0;
      for (let k = 0; k <= last; k++) if (proposal[k]) proposed++;
      proposals[t] = proposals[t]! + proposed;
      recalls[t] = recalls[t]! + recalled[last]!;
    }
  }
  const precision: number[] = [];
  const recall: number[] = [];
  for (let t = 0; t < THRESHOLD_COUNT; t++) {
    // 0 / 0 where nothing is proposed: NaN, as numpy's division gives, which the envelope's max drops.
    precision.push(recalls[t]! / proposals[t]!);
    recall.push(faces > 0 ? recalls[t]! / faces : 0);
  }
  const envelope = precision.map((p) => (Number.isNaN(p) ? 0 : p));
  return { ap: vocAp(recall, envelope), faces, recall: recall[THRESHOLD_COUNT - 1]! };
}
