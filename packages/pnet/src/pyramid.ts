/** P-Net's receptive field: the smallest face it sees at scale 1 is 12 × 12 pixels. */
export const PNET_CELL_SIZE = 12;
/** P-Net's output stride in pixels of its input (one 2× max-pool). */
export const PNET_STRIDE = 2;

/**
 * The scales of the image pyramid, largest first, as the reference computes them: the first scale maps
 * `minFaceSize` to P-Net's 12 px cell, each next one is `factor` times smaller, and the pyramid stops
 * before the shorter side would fall under 12 px.
 */
export function pyramidScales(width: number, height: number, minFaceSize: number, factor: number): number[] {
  const first = PNET_CELL_SIZE / minFaceSize;
  let shortSide = Math.min(width, height) * first;
  const scales: number[] = [];
  for (let k = 0; shortSide >= PNET_CELL_SIZE; k++) {
    scales.push(first * factor ** k);
    shortSide *= factor;
  }
  return scales;
}

/** The size of the image resampled at `scale`, rounded up as in the reference. */
export function scaledSize(width: number, height: number, scale: number): { width: number; height: number } {
  return { width: Math.ceil(width * scale), height: Math.ceil(height * scale) };
}

/** The size of P-Net's output maps for an input of `size` pixels along one axis. */
export function pnetMapSize(size: number): number {
  // conv 3×3 (valid), max-pool 2×2 stride 2 (padded at the end), conv 3×3, conv 3×3.
  return Math.max(0, Math.ceil((size - 2) / 2) - 4);
}
