import type { WorkerDetection } from '../worker/protocol.js';

/** The parts a detection's time is split into, in the order they happen. */
export type TimingPart = 'pre' | 'pnet' | 'rnet' | 'onet' | 'post' | 'total';

export const TIMING_PARTS: readonly TimingPart[] = ['pre', 'pnet', 'rnet', 'onet', 'post', 'total'];

/** Names of the parts in tables and charts (what each covers is explained next to them). */
export const TIMING_LABELS: Readonly<Record<TimingPart, string>> = {
  pre: 'Pre-processing',
  pnet: 'Pyramid + P-Net',
  rnet: 'R-Net',
  onet: 'O-Net',
  post: 'Post-processing',
  total: 'Total',
};

/** What each part covers, for the hint under a timings table. */
export const TIMING_EXPLANATION =
  'Pre-processing: reading the pixels and converting them to RGB. Each network includes its resampling or ' +
  'crops and its NMS. Post-processing: candidates to faces. In/Out: candidate boxes before and after a stage.';

/**
 * Milliseconds per part. The detector reports each stage and the cascade's total; what the worker measured
 * around the call and the cascade did not is reading the pixels, and what the cascade spent outside its
 * stages is turning candidates into faces. A stage that did not run (no candidates left) is absent.
 */
export function timingParts(result: WorkerDetection): Partial<Record<TimingPart, number>> {
  const { stages, totalMs } = result.detection.timing;
  const parts: Partial<Record<TimingPart, number>> = {
    pre: Math.max(0, result.workerMs - totalMs),
    total: result.workerMs,
  };
  let stageSum = 0;
  for (const name of ['pnet', 'rnet', 'onet'] as const) {
    const report = stages[name];
    if (!report) continue;
    parts[name] = report.ms;
    stageSum += report.ms;
  }
  parts.post = Math.max(0, totalMs - stageSum);
  return parts;
}
