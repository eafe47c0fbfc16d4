// Aligned RGB crops into the model's input: NCHW, the descriptor's channel order, (pixel − mean) × scale.
import { type EmbedderDescriptor, MtcnnError, type RgbImage } from '@mtcnn/core';

/** INVALID_IMAGE unless `crop` is RGB pixels of `size` × `size`; `what` names it in the message. */
export function checkCrop(crop: RgbImage, size: number, what: string): void {
  const ok =
    crop !== null &&
    typeof crop === 'object' &&
    (crop.data instanceof Uint8Array || crop.data instanceof Uint8ClampedArray) &&
    crop.width === size &&
    crop.height === size &&
    crop.data.length === size * size * 3;
  if (!ok) {
    const got =
      crop && typeof crop === 'object'
        ? `${String(crop.width)}×${String(crop.height)} with ${String(crop.data?.length)} bytes`
        : String(crop);
    throw new MtcnnError(
      'INVALID_IMAGE',
      `${what} must be an aligned RGB crop of ${size}×${size} (${size * size * 3} bytes), got ${got}`,
    );
  }
}

/** Per-input-channel source channel, mean and scale, from the descriptor. */
export interface InputPlan {
  readonly size: number;
  /** Input channel c reads pixel channel source[c]. */
  readonly source: readonly [number, number, number];
  readonly mean: readonly [number, number, number];
  readonly scale: number;
}

export function inputPlan(descriptor: EmbedderDescriptor): InputPlan {
  const m = descriptor.mean;
  // The mean is given per pixel channel (R, G, B); it follows its channel when the model reads BGR.
  const mean: [number, number, number] = typeof m === 'number' ? [m, m, m] : [m[0], m[1], m[2]];
  const source: [number, number, number] = descriptor.channels === 'bgr' ? [2, 1, 0] : [0, 1, 2];
  return {
    size: descriptor.inputSize,
    source,
    mean: [mean[source[0]]!, mean[source[1]]!, mean[source[2]]!],
    scale: descriptor.scale,
  };
}

/**
 * Writes `crop` as item `index` of the NCHW batch in `out`, mirrored left-right when `mirror` (flip fusion reads
 * the mirror image from the same crop rather than making a copy).
 */
export function fillInput(
  crop: RgbImage,
  plan: InputPlan,
  mirror: boolean,
  out: Float32Array,
  index: number,
): void {
  const { size, source, mean, scale } = plan;
  const area = size * size;
  const data = crop.data;
  for (let c = 0; c < 3; c++) {
    const base = (index * 3 + c) * area;
    const from = source[c]!;
    const mu = mean[c]!;
    for (let y = 0; y < size; y++) {
      const row = y * size;
      for (let x = 0; x < size; x++) {
        const sx = mirror ? size - 1 - x : x;
        out[base + row + x] = (data[(row + sx) * 3 + from]! - mu) * scale;
      }
    }
  }
}
