/** Milliseconds for tables: one decimal below 100 ms, whole numbers above; a dash when not measured. */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined || Number.isNaN(ms)) return '—';
  return ms < 100 ? ms.toFixed(1) : Math.round(ms).toLocaleString('en-US');
}

/** Below this a difference is shown in scientific notation (fixed decimals would show it as zero). */
const SMALL_DIFFERENCE = 0.01;

/**
 * A difference between backends (pixels or scores): 0 when exactly equal, two decimals when visible,
 * scientific notation when tiny, so that "equal" and "float noise" look different.
 */
export function formatDifference(value: number): string {
  if (value === 0) return '0';
  return Math.abs(value) < SMALL_DIFFERENCE ? value.toExponential(1) : value.toFixed(2);
}
