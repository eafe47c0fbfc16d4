import type { Face, RgbImage } from '@mtcnn/core';
import sharp from 'sharp';
import { WriteError } from './records.js';

// Colours chosen to stand out on skin and most backgrounds.
const BOX_COLOUR = '#00ff40';
/** identify: faces that match nobody in the gallery. */
const UNKNOWN_COLOUR = '#ff9f0a';
const LABEL_OUTLINE = '#000000';
const EYE_COLOUR = '#ff2d55';
const NOSE_COLOUR = '#ffd60a';
const MOUTH_COLOUR = '#0a84ff';
/** Box lines are one pixel thick per this many pixels of the image's longer side, and never thinner than 2. */
const PIXELS_PER_STROKE = 640;
const MIN_STROKE = 2;
const LABEL_SIZE_PER_STROKE = 6;
const MIN_LABEL_SIZE = 12;
const LANDMARK_RADIUS_PER_STROKE = 1.5;
const SCORE_DECIMALS = 3;
/** Names are read at a glance, so they grow with the face: at least a sixth of the box's width. */
const BOX_WIDTHS_PER_NAME_SIZE = 6;
/**
 * MTCNN puts pixel centres on integer coordinates; SVG puts them on half-integers. Shifting by half a
 * pixel centres every line on the pixel it names.
 */
const PIXEL_CENTRE = 0.5;
const CHANNELS = 3;

const f = (v: number) => (v + PIXEL_CENTRE).toFixed(2);

/** Text as SVG character data: names come from folder names, which may hold any character. */
function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** What identify writes on a face's box instead of its score: its name, or undefined for unknown. */
export interface FaceName {
  readonly name: string | undefined;
}

/**
 * An SVG the size of the image: each face's box, its score above it (or with `names`, its name: unknown ones
 * in another colour), and its five landmarks.
 */
export function annotationSvg(
  width: number,
  height: number,
  faces: readonly Face[],
  names?: readonly FaceName[],
): string {
  const stroke = Math.max(MIN_STROKE, Math.round(Math.max(width, height) / PIXELS_PER_STROKE));
  const fontSize = Math.max(MIN_LABEL_SIZE, stroke * LABEL_SIZE_PER_STROKE);
  const radius = stroke * LANDMARK_RADIUS_PER_STROKE;
  const parts: string[] = [];
  for (const [k, face] of faces.entries()) {
    const { x, y, width: w, height: h } = face.box;
    const named = names?.[k];
    const colour = named && named.name === undefined ? UNKNOWN_COLOUR : BOX_COLOUR;
    const label = named ? escapeXml(named.name ?? 'unknown') : face.score.toFixed(SCORE_DECIMALS);
    const size = named ? Math.max(fontSize, Math.round(w / BOX_WIDTHS_PER_NAME_SIZE)) : fontSize;
    parts.push(
      `<rect x="${f(x)}" y="${f(y)}" width="${w.toFixed(2)}" height="${h.toFixed(2)}" fill="none" stroke="${colour}" stroke-width="${stroke}"/>`,
    );
    // Above the box, or just inside it when the box touches the top of the image.
    const labelY = y - stroke > size ? y - stroke : y + size + stroke;
    parts.push(
      `<text x="${f(x)}" y="${f(labelY)}" font-family="sans-serif" font-size="${size}" fill="${colour}" ` +
        `stroke="${LABEL_OUTLINE}" stroke-width="${stroke / 2}" paint-order="stroke">${label}</text>`,
    );
    if (face.landmarks) {
      const { leftEye, rightEye, nose, mouthLeft, mouthRight } = face.landmarks;
      for (const [p, colour] of [
        [leftEye, EYE_COLOUR],
        [rightEye, EYE_COLOUR],
        [nose, NOSE_COLOUR],
        [mouthLeft, MOUTH_COLOUR],
        [mouthRight, MOUTH_COLOUR],
      ] as const) {
        parts.push(`<circle cx="${f(p.x)}" cy="${f(p.y)}" r="${radius}" fill="${colour}"/>`);
      }
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join('')}</svg>`;
}

/** Writes `image` with its faces drawn on it as a PNG (with `names`, each box labelled with its name). */
export async function writeAnnotated(
  image: RgbImage,
  faces: readonly Face[],
  path: string,
  names?: readonly FaceName[],
): Promise<void> {
  const svg = Buffer.from(annotationSvg(image.width, image.height, faces, names));
  try {
    await sharp(image.data, {
      raw: { width: image.width, height: image.height, channels: CHANNELS },
      // The image already passed the --max-pixels check when it was decoded.
      limitInputPixels: false,
    })
      .composite([{ input: svg, top: 0, left: 0, limitInputPixels: false }])
      .png()
      .toFile(path);
  } catch (cause) {
    throw new WriteError(`cannot write ${path}: ${(cause as Error).message}`, { cause });
  }
}
