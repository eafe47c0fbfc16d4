import type { RgbImage } from '@mtcnn/core';
import {
  PIXEL_MEAN,
  PIXEL_SCALE,
  referenceCropRegion,
  resampleRegion,
  type SummedArea,
} from '@mtcnn/core/stage-kit';
import type { BoxCorners } from './iou.js';

/**
 * The model input the detector would make of the crop [x1, x2) × [y1, y2) (integer corners; pixels outside the
 * image read as zeros, as the detector's crops): core's bit-exact area resampling to size × size, normalised
 * (x − 127.5) × 0.0078125, planes R, G, B (CHW). Pass the image's summed-area table when cutting many crops of it.
 */
export function cropInput(
  image: RgbImage,
  crop: BoxCorners,
  size: number,
  sums?: SummedArea,
  out: Float32Array = new Float32Array(3 * size * size),
  offset = 0,
): Float32Array {
  const region = { x: crop[0], y: crop[1], width: crop[2] - crop[0], height: crop[3] - crop[1] };
  resampleRegion(image, region, size, size, out, offset, sums);
  return out;
}

/**
 * A normalised CHW input back to RGB HWC bytes, each value rounded to the nearest integer. The resampled
 * averages are not integers, so the stored sample differs from the detector's input by at most half a grey
 * level (0.0039 after normalisation), far below what the networks resolve; landmark targets, which are
 * distilled from a model, are computed on the exact input instead (landmark-targets.ts).
 */
export function inputToBytes(input: Float32Array, size: number, offset = 0): Uint8Array {
  const plane = size * size;
  const out = new Uint8Array(3 * plane);
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < plane; i++) {
      const value = Math.round(input[offset + c * plane + i]! / PIXEL_SCALE + PIXEL_MEAN);
      out[3 * i + c] = Math.min(255, Math.max(0, value));
    }
  }
  return out;
}

/** A size × size RGB HWC sample of the crop [x1, x2) × [y1, y2): {@link cropInput}, rounded to bytes. */
export function cropSample(image: RgbImage, crop: BoxCorners, size: number, sums?: SummedArea): Uint8Array {
  return inputToBytes(cropInput(image, crop, size, sums), size);
}

/**
 * The pixels the detector crops for a candidate box (core's referenceCropRegion: the reference's truncated,
 * 1-based-legacy region), as integer corners: a detection becomes a sample of exactly what the next stage sees.
 */
export function detectionCrop(box: BoxCorners): BoxCorners {
  const r = referenceCropRegion(box[0], box[1], box[2], box[3]);
  return [r.x, r.y, r.x + r.width, r.y + r.height];
}

/** The box targets of a face for a crop: (gx1 − x1)/w, (gy1 − y1)/h, (gx2 − x2)/w, (gy2 − y2)/h (sample-set.ts). */
export function boxTargets(crop: BoxCorners, face: BoxCorners): [number, number, number, number] {
  const w = crop[2] - crop[0];
  const h = crop[3] - crop[1];
  return [(face[0] - crop[0]) / w, (face[1] - crop[1]) / h, (face[2] - crop[2]) / w, (face[3] - crop[3]) / h];
}
