import { MtcnnError } from '../errors.js';
import type { Landmarks } from '../geometry.js';

/** Where the five landmarks of an aligned face go, in an output image of `width` × `height` pixels. */
export interface AlignmentTemplate {
  readonly width: number;
  readonly height: number;
  readonly landmarks: Landmarks;
}

/** Side of the ArcFace template's crop, in pixels. */
export const ARCFACE_SIZE = 112;

/**
 * The five-point template of ArcFace (insightface's `arcface_dst`), for 112 × 112 crops: the input that
 * ArcFace-family recognition models expect.
 */
export const ARCFACE_TEMPLATE_112: AlignmentTemplate = {
  width: ARCFACE_SIZE,
  height: ARCFACE_SIZE,
  landmarks: {
    leftEye: { x: 38.2946, y: 51.6963 },
    rightEye: { x: 73.5318, y: 51.5014 },
    nose: { x: 56.0252, y: 71.7366 },
    mouthLeft: { x: 41.5493, y: 92.3655 },
    mouthRight: { x: 70.7299, y: 92.2041 },
  },
};

/** insightface's other base size: a 128 px crop holds the 112 px template shifted right by 8 px. */
const ARCFACE_ALT_SIZE = 128;
const ARCFACE_ALT_SHIFT_X = 8;

/**
 * The ArcFace template for a `size` × `size` crop, as insightface's `estimate_norm(image_size=size)`:
 * multiples of 112 scale the template; multiples of 128 scale it and shift it right by 8 px per 128.
 * Other sizes are refused (INVALID_OPTION), as there.
 */
export function arcfaceTemplate(size: number): AlignmentTemplate {
  let ratio: number;
  let shiftX = 0;
  if (Number.isInteger(size) && size > 0 && size % ARCFACE_SIZE === 0) {
    ratio = size / ARCFACE_SIZE;
  } else if (Number.isInteger(size) && size > 0 && size % ARCFACE_ALT_SIZE === 0) {
    ratio = size / ARCFACE_ALT_SIZE;
    shiftX = ARCFACE_ALT_SHIFT_X * ratio;
  } else {
    throw new MtcnnError(
      'INVALID_OPTION',
      `the ArcFace template needs a size that is a multiple of ${ARCFACE_SIZE} or ${ARCFACE_ALT_SIZE}, got ${String(size)}`,
    );
  }
  if (ratio === 1 && shiftX === 0) return ARCFACE_TEMPLATE_112;
  const base = ARCFACE_TEMPLATE_112.landmarks;
  const move = (p: { x: number; y: number }) => ({ x: p.x * ratio + shiftX, y: p.y * ratio });
  return {
    width: size,
    height: size,
    landmarks: {
      leftEye: move(base.leftEye),
      rightEye: move(base.rightEye),
      nose: move(base.nose),
      mouthLeft: move(base.mouthLeft),
      mouthRight: move(base.mouthRight),
    },
  };
}
