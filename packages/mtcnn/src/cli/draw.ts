import { join } from 'node:path';
import { type Face, LANDMARK_COLORS, LANDMARK_NAMES, type RgbImage } from '@mtcnn/core';
import sharp from 'sharp';
import type { EncodedFormat } from './encoded-format.js';
import { WriteError } from './records.js';

// Colours chosen to stand out on skin and most backgrounds; landmarks take core's LANDMARK_COLORS.
const BOX_COLOUR = '#00ff40';
/** identify: faces that match nobody in the gallery. */
const UNKNOWN_COLOUR = '#ff9f0a';
const LABEL_OUTLINE = '#000000';
/** Box lines are one pixel thick per this many pixels of the image's longer side, and never thinner than 2. */
const PIXELS_PER_STROKE = 640;
const MIN_STROKE = 2;
/**
 * Labels are a fixed fraction of the image's longer side, so that they read the same when the image is shown
 * fitted to a screen, whatever its resolution; never below a size a terminal-sized viewer can read.
 */
const LONG_SIDE_PER_LABEL_SIZE = 60;
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
/**
 * JPEG quality of annotated copies of JPEG inputs: the photo was lossy already; at 90 the re-encoding is not
 * visible beside it. Chroma is kept at full resolution so the thin coloured lines stay sharp.
 */
const JPEG_QUALITY = 90;
const WEBP_QUALITY = 90;

const f = (v: number) => (v + PIXEL_CENTRE).toFixed(2);

/** Text as SVG character data: names come from folder names, which may hold any character. */
function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** What identify writes on a face's box instead of its score: its name, or undefined for unknown. */
export interface FaceName {
  readonly name: string | undefined;
}

/** Stroke and label sizes for an image of this size. */
export function drawingSizes(width: number, height: number): { stroke: number; fontSize: number } {
  const longSide = Math.max(width, height);
  return {
    stroke: Math.max(MIN_STROKE, Math.round(longSide / PIXELS_PER_STROKE)),
    fontSize: Math.max(MIN_LABEL_SIZE, Math.round(longSide / LONG_SIDE_PER_LABEL_SIZE)),
  };
}

/**
 * An SVG the size of the image: each face's box, its number (from 1, as the table) and score above it (or with
 * `names`, its number and name: unknown ones in another colour), and its five landmarks in LANDMARK_COLORS.
 */
export function annotationSvg(
  width: number,
  height: number,
  faces: readonly Face[],
  names?: readonly FaceName[],
): string {
  const { stroke, fontSize } = drawingSizes(width, height);
  const radius = stroke * LANDMARK_RADIUS_PER_STROKE;
  const parts: string[] = [];
  for (const [k, face] of faces.entries()) {
    const { x, y, width: w, height: h } = face.box;
    const named = names?.[k];
    const colour = named && named.name === undefined ? UNKNOWN_COLOUR : BOX_COLOUR;
    const text = named ? escapeXml(named.name ?? 'unknown') : face.score.toFixed(SCORE_DECIMALS);
    const label = `${k + 1} · ${text}`;
    const size = named ? Math.max(fontSize, Math.round(w / BOX_WIDTHS_PER_NAME_SIZE)) : fontSize;
    parts.push(
      `<rect x="${f(x)}" y="${f(y)}" width="${w.toFixed(2)}" height="${h.toFixed(2)}" fill="none" stroke="${colour}" stroke-width="${stroke}"/>`,
    );
    // Above the box, or just inside it when the box touches the top of the image.
    const labelY = y - stroke > size ? y - stroke : y + size + stroke;
    parts.push(
      `<text x="${f(x)}" y="${f(labelY)}" font-family="sans-serif" font-weight="600" font-size="${size}" fill="${colour}" ` +
        `stroke="${LABEL_OUTLINE}" stroke-width="${Math.max(1, size / 12).toFixed(1)}" paint-order="stroke">${label}</text>`,
    );
    if (face.landmarks) {
      for (const name of LANDMARK_NAMES) {
        const p = face.landmarks[name];
        parts.push(`<circle cx="${f(p.x)}" cy="${f(p.y)}" r="${radius}" fill="${LANDMARK_COLORS[name]}"/>`);
      }
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join('')}</svg>`;
}

/** The extension of an annotated copy: the input's format for JPEG and WebP, PNG for every other. */
export function annotatedExtension(format: EncodedFormat | undefined): string {
  return format === 'jpeg' ? 'jpg' : format === 'webp' ? 'webp' : 'png';
}

/**
 * Writes `image` with its faces drawn on it to `dir/<stem>.<ext>` in the input's format (JPEG in, JPEG out; PNG
 * and anything else, an RGB PNG), with `names` each box labelled with its name. Returns the path written.
 */
export async function writeAnnotated(
  image: RgbImage,
  faces: readonly Face[],
  dir: string,
  stem: string,
  format: EncodedFormat | undefined,
  names?: readonly FaceName[],
): Promise<string> {
  const path = join(dir, `${stem}.${annotatedExtension(format)}`);
  const svg = Buffer.from(annotationSvg(image.width, image.height, faces, names));
  try {
    // Composited to raw pixels first: sharp composites in RGBA, and its alpha would reach the file.
    const { data, info } = await sharp(image.data, {
      raw: { width: image.width, height: image.height, channels: CHANNELS },
      // The image already passed the --max-pixels check when it was decoded.
      limitInputPixels: false,
    })
      .composite([{ input: svg, top: 0, left: 0, limitInputPixels: false }])
      .raw()
      .toBuffer({ resolveWithObject: true });
    const drawn = sharp(data, {
      raw: { width: info.width, height: info.height, channels: info.channels },
      limitInputPixels: false,
    }).removeAlpha();
    const encoded =
      format === 'jpeg'
        ? drawn.jpeg({ quality: JPEG_QUALITY, chromaSubsampling: '4:4:4' })
        : format === 'webp'
          ? drawn.webp({ quality: WEBP_QUALITY })
          : drawn.png();
    await encoded.toFile(path);
  } catch (cause) {
    throw new WriteError(`cannot write ${path}: ${(cause as Error).message}`, { cause });
  }
  return path;
}
