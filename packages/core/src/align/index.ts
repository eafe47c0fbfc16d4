// Face alignment: cut recognition-ready crops out of an image, given detected faces.
export { type AffineMatrix, applyAffine, IDENTITY_AFFINE, invertAffine } from './affine.js';
export { type AlignedFace, alignFace, landmarkPoints } from './align-face.js';
export {
  type CropWithMarginOptions,
  cropFaceWithMargin,
  FACENET_CROP_SIZE,
  type FaceCrop,
} from './crop-face.js';
export { estimateSimilarityTransform, transformResidual } from './similarity-transform.js';
export { type AlignmentTemplate, ARCFACE_SIZE, ARCFACE_TEMPLATE_112, arcfaceTemplate } from './templates.js';
export { sampleBilinear, type WarpFill, type WarpOptions, warpAffine } from './warp-affine.js';
