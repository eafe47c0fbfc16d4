/** Size limits offered for the working image; 0 keeps the original size. */
export const WORKING_SIZES: readonly number[] = [0, 1280, 960, 640, 480, 320];

/** The size of an image scaled down (never up) so that its longer side is at most `maxSide` (0: no limit). */
export function fitWithin(width: number, height: number, maxSide: number): { width: number; height: number } {
  const longer = Math.max(width, height);
  if (maxSide <= 0 || longer <= maxSide) return { width, height };
  const scale = maxSide / longer;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** "Original" or "640 px". */
export function workingSizeLabel(maxSide: number): string {
  return maxSide <= 0 ? 'Original' : `${maxSide} px`;
}
