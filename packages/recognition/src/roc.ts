// Verification figures from scored pairs: what the calibration of an embedder's threshold reports.
import { type EmbedderMetric, MtcnnError } from '@mtcnn/core';

/** The operating point at one false accept rate. */
export interface FarPoint {
  /** The false accept rate asked for. */
  readonly far: number;
  /** The threshold that reaches it: the strictest impostor score allowed through, on the metric's scale. */
  readonly threshold: number;
  /** True accept rate at that threshold: the share of genuine pairs accepted. */
  readonly tar: number;
  /** The false accept rate reached (≤ far). */
  readonly achievedFar: number;
  /** False when there are fewer than 1 / far impostor pairs: the point is then an extrapolation of none. */
  readonly supported: boolean;
}

export interface VerificationReport {
  readonly metric: EmbedderMetric;
  readonly genuinePairs: number;
  readonly impostorPairs: number;
  /**
   * The threshold with the best balanced accuracy ((TAR + true reject rate) / 2, the accuracy of equal-sized
   * genuine and impostor sets, as LFW's), midway between the two scores it separates, and that accuracy.
   */
  readonly best: { readonly threshold: number; readonly accuracy: number };
  /** Area under the ROC curve: the chance that a genuine pair outscores an impostor pair. */
  readonly auc: number;
  readonly atFar: readonly FarPoint[];
  /** Lowest genuine and highest impostor score (similarity-like order: the worst of each side). */
  readonly worstGenuine: number;
  readonly worstImpostor: number;
  /** TAR, true reject rate and balanced accuracy at a given threshold. */
  at(threshold: number): { readonly tar: number; readonly trr: number; readonly accuracy: number };
}

/**
 * ROC figures of pair scores on the metric's scale (similarities for 'cosine', distances for 'euclidean'):
 * balanced accuracy at the best threshold, AUC, and TAR at each requested FAR (default 1e-3 and 1e-2).
 */
export function verificationReport(
  genuine: readonly number[],
  impostor: readonly number[],
  metric: EmbedderMetric,
  fars: readonly number[] = [1e-3, 1e-2],
): VerificationReport {
  if (genuine.length === 0 || impostor.length === 0) {
    throw new MtcnnError('INVALID_OPTION', 'a verification report needs genuine and impostor pairs');
  }
  // Work on a "higher is more alike" scale; convert thresholds back at the end.
  const sign = metric === 'cosine' ? 1 : -1;
  const g = genuine.map((s) => sign * s).sort((a, b) => a - b);
  const im = impostor.map((s) => sign * s).sort((a, b) => a - b);
  /** Count of values in sorted `v` that are ≥ t. */
  const atLeast = (v: number[], t: number) => {
    let lo = 0;
    let hi = v.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (v[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    return v.length - lo;
  };
  const at = (t: number) => {
    const tar = atLeast(g, t) / g.length;
    const trr = 1 - atLeast(im, t) / im.length;
    return { tar, trr, accuracy: (tar + trr) / 2 };
  };
  const all = [...new Set([...g, ...im])].sort((a, b) => a - b);
  let best = { threshold: all[0]!, accuracy: at(all[0]!).accuracy };
  for (let i = 1; i < all.length; i++) {
    // Accept from midway between two neighbouring scores: the same split, with room on both sides.
    const t = (all[i - 1]! + all[i]!) / 2;
    const accuracy = at(t).accuracy;
    if (accuracy > best.accuracy) best = { threshold: t, accuracy };
  }
  let wins = 0;
  for (const s of g) {
    // Impostors below s win the pair for it; ties count half.
    const notBelow = atLeast(im, s);
    wins += im.length - notBelow + 0.5 * (notBelow - atLeast(im, nextUp(s)));
  }
  const atFar = fars.map((far): FarPoint => {
    // The strictest split that lets at most ⌊far · n⌋ impostors through: just above the next impostor score.
    const allowed = Math.floor(far * im.length);
    const firstRejected = im[im.length - 1 - allowed];
    const t = firstRejected === undefined ? Number.NEGATIVE_INFINITY : nextUp(firstRejected);
    return {
      far,
      threshold: sign * t,
      tar: atLeast(g, t) / g.length,
      achievedFar: atLeast(im, t) / im.length,
      supported: im.length * far >= 1,
    };
  });
  return {
    metric,
    genuinePairs: g.length,
    impostorPairs: im.length,
    best: { threshold: sign * best.threshold, accuracy: best.accuracy },
    auc: wins / (g.length * im.length),
    atFar,
    worstGenuine: sign * g[0]!,
    worstImpostor: sign * im[im.length - 1]!,
    at: (threshold) => at(sign * threshold),
  };
}

/** The next double above `x`. */
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  const buffer = new Float64Array([x]);
  const bits = new BigInt64Array(buffer.buffer);
  bits[0]! += x > 0 ? 1n : -1n;
  return buffer[0]!;
}
