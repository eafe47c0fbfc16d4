import { type Face, LANDMARK_COLORS, LANDMARK_NAMES } from '@mtcnn/core';

/** One colour per face, cycled; chosen to stay distinct on photos and for common colour-vision deficiencies. */
export const FACE_COLORS: readonly string[] = [
  '#ffb000',
  '#00c2ff',
  '#ff4fa3',
  '#7cfc00',
  '#b388ff',
  '#ff6e40',
];

/** Image pixels per unit of line width: lines stay visible on large photos and thin on small ones. */
const PIXELS_PER_LINE_UNIT = 400;

export function faceColor(index: number): string {
  return FACE_COLORS[index % FACE_COLORS.length]!;
}

type Context = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** Thinnest line, in canvas pixels. */
const MIN_LINE_WIDTH = 1.5;

/**
 * Draws each face's box, score and five landmarks, in image coordinates. `scale` is how many canvas pixels
 * an image pixel covers (the context's transform), so that lines and labels keep their size when a small
 * image is drawn enlarged.
 */
export function drawFaces(
  context: Context,
  faces: readonly Face[],
  width: number,
  height: number,
  scale = 1,
): void {
  const unit = Math.max(MIN_LINE_WIDTH, (Math.max(width, height) * scale) / PIXELS_PER_LINE_UNIT) / scale;
  context.save();
  context.lineWidth = unit;
  context.font = `600 ${Math.round(unit * 7)}px system-ui, sans-serif`;
  context.textBaseline = 'bottom';
  faces.forEach((face, i) => {
    const { x, y, width: w, height: h } = face.box;
    const color = faceColor(i);
    context.strokeStyle = color;
    context.strokeRect(x, y, w, h);
    const label = `${i + 1} · ${face.score.toFixed(3)}`;
    const labelWidth = context.measureText(label).width + unit * 2;
    const labelHeight = unit * 8;
    const labelY = y - labelHeight >= 0 ? y - labelHeight : y;
    context.fillStyle = color;
    context.fillRect(x - unit / 2, labelY, labelWidth, labelHeight);
    context.fillStyle = '#000';
    context.fillText(label, x + unit / 2, labelY + labelHeight - unit);
    if (!face.landmarks) return;
    for (const name of LANDMARK_NAMES) {
      const p = face.landmarks[name];
      context.beginPath();
      context.arc(p.x, p.y, unit * 1.6, 0, 2 * Math.PI);
      context.fillStyle = LANDMARK_COLORS[name];
      context.fill();
      context.strokeStyle = '#000';
      context.lineWidth = unit / 2;
      context.stroke();
      context.lineWidth = unit;
    }
  });
  context.restore();
}

/** A face with the name to write over it; `known` false draws it in the "unknown" colour. */
export interface NamedFace {
  readonly face: Face;
  readonly label: string;
  readonly known: boolean;
}

const KNOWN_COLOR = '#7cfc00';
const UNKNOWN_COLOR = '#ff4fa3';

/** Draws each face's box with its name (or "unknown") and similarity above it, in image coordinates. */
export function drawNamedFaces(
  context: Context,
  faces: readonly NamedFace[],
  width: number,
  height: number,
): void {
  const unit = Math.max(MIN_LINE_WIDTH, Math.max(width, height) / PIXELS_PER_LINE_UNIT);
  context.save();
  context.lineWidth = unit;
  context.font = `600 ${Math.round(unit * 8)}px system-ui, sans-serif`;
  context.textBaseline = 'bottom';
  for (const { face, label, known } of faces) {
    const { x, y, width: w, height: h } = face.box;
    const color = known ? KNOWN_COLOR : UNKNOWN_COLOR;
    context.strokeStyle = color;
    context.strokeRect(x, y, w, h);
    const labelWidth = context.measureText(label).width + unit * 2;
    const labelHeight = unit * 9;
    const labelY = y - labelHeight >= 0 ? y - labelHeight : y;
    context.fillStyle = color;
    context.fillRect(x - unit / 2, labelY, labelWidth, labelHeight);
    context.fillStyle = '#000';
    context.fillText(label, x + unit / 2, labelY + labelHeight - unit);
  }
  context.restore();
}
