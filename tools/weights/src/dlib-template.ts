// Where MTCNN's five points (eye centres, nose tip, mouth corners) sit in one of dlib's 150 px face chips, derived
// from dlib's own mean face shape. dlib cuts its chips with `get_face_chip_details(shape, 150, 0.25)` from a
// 5-point shape predictor that finds eye CORNERS and the base of the nose, not our points; its 68-point branch
// places iBUG 300-W points of a mean face, and those include points we can average to ours.

/** dlib's recognition chips: `get_face_chip_details(det, size = 150, padding = 0.25)`. */
export const DLIB_CHIP_SIZE = 150;
export const DLIB_CHIP_PADDING = 0.25;

/**
 * dlib's mean face shape on the unit square, iBUG 300-W points 17 … 67 (`mean_face_shape_x/y` in
 * `get_face_chip_details`, dlib/image_transforms/interpolation.h), so index i here is point i + 17.
 */
export const DLIB_MEAN_FACE_X = [
  0.000213256, 0.0752622, 0.18113, 0.29077, 0.393397, 0.586856, 0.689483, 0.799124, 0.904991, 0.98004,
  0.490127, 0.490127, 0.490127, 0.490127, 0.36688, 0.426036, 0.490127, 0.554217, 0.613373, 0.121737, 0.187122,
  0.265825, 0.334606, 0.260918, 0.182743, 0.645647, 0.714428, 0.793132, 0.858516, 0.79751, 0.719335, 0.254149,
  0.340985, 0.428858, 0.490127, 0.551395, 0.639268, 0.726104, 0.642159, 0.556721, 0.490127, 0.423532,
  0.338094, 0.290379, 0.428096, 0.490127, 0.552157, 0.689874, 0.553364, 0.490127, 0.42689,
] as const;
export const DLIB_MEAN_FACE_Y = [
  0.106454, 0.038915, 0.0187482, 0.0344891, 0.0773906, 0.0773906, 0.0344891, 0.0187482, 0.038915, 0.106454,
  0.203352, 0.307009, 0.409805, 0.515625, 0.587326, 0.609345, 0.628106, 0.609345, 0.587326, 0.216423,
  0.178758, 0.179852, 0.231733, 0.245099, 0.244077, 0.231733, 0.179852, 0.178758, 0.216423, 0.244077,
  0.245099, 0.780233, 0.745405, 0.727388, 0.742578, 0.727388, 0.745405, 0.780233, 0.864805, 0.902192,
  0.909281, 0.902192, 0.864805, 0.784792, 0.778746, 0.785343, 0.778746, 0.784792, 0.824182, 0.831803,
  0.824182,
] as const;
/** The first iBUG point the mean shape holds. */
export const DLIB_MEAN_FACE_FIRST_POINT = 17;

/**
 * dlib's 5-point chip template on the unit square, in its predictor's part order: one eye's outer and inner
 * corner, the other eye's outer and inner corner, the base of the nose (iBUG 45, 42, 36, 39, 33 of the mean face).
 */
export const DLIB_FIVE_POINT_TEMPLATE = [
  [0.8595674595992, 0.2134981538014],
  [0.6460604764104, 0.2289674387677],
  [0.1205750620789, 0.2137274526848],
  [0.3340850613712, 0.2290642403242],
  [0.4901123135679, 0.6277975316475],
] as const;

/** One iBUG 300-W point of dlib's mean face, unit square. */
export function meanFacePoint(ibug: number): { x: number; y: number } {
  const i = ibug - DLIB_MEAN_FACE_FIRST_POINT;
  const x = DLIB_MEAN_FACE_X[i];
  const y = DLIB_MEAN_FACE_Y[i];
  if (x === undefined || y === undefined) throw new Error(`dlib mean face: no point ${ibug}`);
  return { x, y };
}

function meanOf(points: readonly number[]): { x: number; y: number } {
  const ps = points.map(meanFacePoint);
  return { x: ps.reduce((s, p) => s + p.x, 0) / ps.length, y: ps.reduce((s, p) => s + p.y, 0) / ps.length };
}

/**
 * Our five points on dlib's unit square: each eye as the mean of its six iBUG points (36–41 is the eye on the
 * image's left, the subject's right), the nose TIP (30, where MTCNN puts its nose point; dlib's 5-point model
 * uses the base, 33), the mouth corners (48, 54).
 */
export function meanFaceFivePoints() {
  return {
    leftEye: meanOf([36, 37, 38, 39, 40, 41]),
    rightEye: meanOf([42, 43, 44, 45, 46, 47]),
    nose: meanFacePoint(30),
    mouthLeft: meanFacePoint(48),
    mouthRight: meanFacePoint(54),
  };
}

/**
 * A unit-square point in chip PIXELS (pixel centres on integers, as core's warpAffine). dlib places template
 * point p at (padding + p) / (1 + 2·padding) · size, then samples the chip so that 0 and size land on pixels 0
 * and size − 1 (`get_mapping_to_chip` maps the chip rectangle's corners to pixels (0, 0) and
 * (cols − 1, rows − 1)): so the pixel is (padding + p) / (1 + 2·padding) · (size − 1).
 */
export function chipPixel(p: number, size = DLIB_CHIP_SIZE, padding = DLIB_CHIP_PADDING): number {
  return ((padding + p) / (1 + 2 * padding)) * (size - 1);
}

const round4 = (v: number) => Math.round(v * 1e4) / 1e4;

/** The 150 × 150 template for our five points, to 4 decimals (a ten-thousandth of a pixel). */
export function dlibChipTemplate(size = DLIB_CHIP_SIZE, padding = DLIB_CHIP_PADDING) {
  const points = meanFaceFivePoints();
  const at = (p: { x: number; y: number }) => ({
    x: round4(chipPixel(p.x, size, padding)),
    y: round4(chipPixel(p.y, size, padding)),
  });
  return {
    width: size,
    height: size,
    landmarks: {
      leftEye: at(points.leftEye),
      rightEye: at(points.rightEye),
      nose: at(points.nose),
      mouthLeft: at(points.mouthLeft),
      mouthRight: at(points.mouthRight),
    },
  };
}

/** How the template is made, recorded in model-info.json. */
export const DLIB_TEMPLATE_DERIVATION =
  "dlib's chips come from get_face_chip_details(shape, 150, 0.25) on its 5-point predictor (eye corners, base " +
  'of the nose). For MTCNN points we take the same chip geometry from the mean face shape of its 68-point branch: ' +
  'each eye centre as the mean of its six iBUG points (36-41, 42-47), the nose tip (30), the mouth corners (48, 54); ' +
  'a unit-square point p goes to chip pixel (0.25 + p) / 1.5 * 149 (pixel centres on integers: dlib maps the chip ' +
  'rectangle onto pixels 0 .. size - 1).';
