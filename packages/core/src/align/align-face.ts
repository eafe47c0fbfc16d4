import { MtcnnError } from '../errors.js';
import { type Face, LANDMARK_NAMES, type Landmarks, type Point } from '../geometry.js';
import type { RgbImage } from '../image.js';
import type { AffineMatrix } from './affine.js';
import { estimateSimilarityTransform } from './similarity-transform.js';
import { type AlignmentTemplate, ARCFACE_TEMPLATE_112 } from './templates.js';
import { type WarpOptions, warpAffine } from './warp-affine.js';

/** The five landmarks as a list, in model order (left eye, right eye, nose, mouth left, mouth right). */
export function landmarkPoints(landmarks: Landmarks): Point[] {
  return LANDMARK_NAMES.map((name) => landmarks[name]);
}

export interface AlignedFace {
  /** The crop, `template.width` × `template.height`. */
  readonly image: RgbImage;
  /** The similarity transform from image pixels to crop pixels. */
  readonly matrix: AffineMatrix;
}

/**
 * Cuts `face` out of `image` aligned to `template` (ArcFace's 112 × 112 by default): the five landmarks are
 * fitted to the template's by a least-squares similarity transform, and the crop is warped bilinearly with
 * black outside the image, as insightface's `norm_crop`. The face needs landmarks (a cascade that ran O-Net):
 * INVALID_OPTION otherwise.
 */
export function alignFace(
  image: RgbImage,
  face: Face,
  template: AlignmentTemplate = ARCFACE_TEMPLATE_112,
  options: WarpOptions = {},
): AlignedFace {
  if (!face.landmarks) {
    throw new MtcnnError(
      'INVALID_OPTION',
      'aligning a face needs its five landmarks: run the cascade through onet',
    );
  }
  const matrix = estimateSimilarityTransform(
    landmarkPoints(face.landmarks),
    landmarkPoints(template.landmarks),
  );
  return { image: warpAffine(image, matrix, template.width, template.height, options), matrix };
}
