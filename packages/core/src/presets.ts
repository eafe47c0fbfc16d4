import type { DetectOptions } from './options.js';

/**
 * Named detection settings, to spread into createDetector's or detect's options
 * (`detect(image, DETECT_PRESETS.highRecall)`); options given beside them win.
 *
 * - `highRecall`: for small and hard faces, at a cost in speed: chosen by WIDER AP (easy / medium / hard at IoU
 *   0.5) on WIDER training photos with tools/parity's fidelity tool (README, "Fidelity modes", has the figures
 *   of every setting tried).
 */
export const DETECT_PRESETS = {
  highRecall: { minFaceSize: 12, scaleFactor: 0.85, thresholds: [0.3, 0.4, 0.4] },
} as const satisfies Record<string, DetectOptions>;

export type DetectPreset = keyof typeof DETECT_PRESETS;
