import { DEFAULT_MIN_FACE_SIZE } from '@mtcnn/core';
import { pyramidScales } from '@mtcnn/pnet';

/** Any scale factor: whether the pyramid has a first level does not depend on it. */
const ANY_FACTOR = 0.5;

/**
 * Why an image can have no face at all, or undefined: a shorter side under `--min-face` leaves P-Net's pyramid
 * without a single level (the same test as the pyramid's), so the detector finds nothing without saying so.
 */
export function minFaceWarning(
  width: number,
  height: number,
  minFaceSize: number | undefined,
): string | undefined {
  const minFace = minFaceSize ?? DEFAULT_MIN_FACE_SIZE;
  if (pyramidScales(width, height, minFace, ANY_FACTOR).length > 0) return undefined;
  const given = minFaceSize === undefined ? ' (the default)' : '';
  return `the image (${width}×${height}) is smaller than --min-face ${minFace}${given}: no face can be found`;
}
