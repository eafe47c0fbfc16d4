/** A point in pixels of the original image. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** An axis-aligned box in pixels of the original image; it may extend past the image border. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The five facial landmarks O-Net predicts. "Left" and "right" are as seen in the image. */
export interface Landmarks {
  readonly leftEye: Point;
  readonly rightEye: Point;
  readonly nose: Point;
  readonly mouthLeft: Point;
  readonly mouthRight: Point;
}

/** Landmark names in the order the model emits them. */
export const LANDMARK_NAMES = ['leftEye', 'rightEye', 'nose', 'mouthLeft', 'mouthRight'] as const;

/**
 * One colour per landmark, shared by every drawing (CLI `--draw`, playground) so a legend reads the same
 * everywhere; left and right differ so that a swapped pair shows.
 */
export const LANDMARK_COLORS: Readonly<Record<(typeof LANDMARK_NAMES)[number], string>> = {
  leftEye: '#00e5ff',
  rightEye: '#2979ff',
  nose: '#76ff03',
  mouthLeft: '#ff1744',
  mouthRight: '#ff9100',
};

/** A point a stage placed on a face, named where its model names its points. */
export interface FacePoint extends Point {
  readonly name?: string;
}

/**
 * One detected face. `points` are present when the last stage that ran gives points (O-Net: the five landmarks,
 * any number for other models); `landmarks` names the five of them when there are five in MTCNN's order.
 */
export interface Face {
  readonly box: Box;
  /** Face probability from the last stage that ran. */
  readonly score: number;
  readonly points?: readonly FacePoint[];
  readonly landmarks?: Landmarks;
}

/** `[x1, y1, x2, y2]` corners of a box, the form most MTCNN code uses. */
export type Corners = [x1: number, y1: number, x2: number, y2: number];

export function toCorners(box: Box): Corners {
  return [box.x, box.y, box.x + box.width, box.y + box.height];
}

export function fromCorners(corners: Readonly<Corners>): Box {
  const [x1, y1, x2, y2] = corners;
  return { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
}
