import { type Face, LANDMARK_COLORS, LANDMARK_NAMES } from '@mtcnn/core';
import { h } from '../dom.js';
import { drawFaces, faceColor } from '../draw/overlay.js';
import { formatMs } from '../format.js';
import { TIMING_LABELS, TIMING_PARTS, timingParts } from '../results/timing-parts.js';
import type { PageDetection } from '../worker/detector-client.js';

const LANDMARK_LABELS: Readonly<Record<(typeof LANDMARK_NAMES)[number], string>> = {
  leftEye: 'left eye',
  rightEye: 'right eye',
  nose: 'nose',
  mouthLeft: 'mouth left',
  mouthRight: 'mouth right',
};

/** What each landmark dot's colour means: the library's one palette (the CLI's `--draw` uses it too). */
export function renderLandmarkLegend(legend: HTMLElement): void {
  legend.replaceChildren(
    'Landmarks: ',
    ...LANDMARK_NAMES.map((name) =>
      h(
        'span',
        { class: 'legend-item', 'data-landmark': name, 'data-color': LANDMARK_COLORS[name] },
        h('span', { class: 'dot', style: `background:${LANDMARK_COLORS[name]}`, 'aria-hidden': 'true' }),
        LANDMARK_LABELS[name],
      ),
    ),
  );
}

function point(p: { x: number; y: number }): string {
  return `(${Math.round(p.x)}, ${Math.round(p.y)})`;
}

/** The timings table: each part of the detection with the candidates before and after each stage. */
export function renderTimings(body: HTMLTableSectionElement, result: PageDetection): void {
  const parts = timingParts(result);
  const stages = result.detection.timing.stages;
  const rows = TIMING_PARTS.map((part) => {
    const report = part in stages ? stages[part] : undefined;
    const ran = part in parts;
    return h(
      'tr',
      { 'data-part': part },
      h('th', { scope: 'row' }, TIMING_LABELS[part]),
      h('td', {}, ran ? formatMs(parts[part]) : 'not run'),
      h('td', {}, report ? report.candidatesIn : ''),
      h('td', {}, report ? report.candidatesOut : ''),
    );
  });
  rows.push(
    h(
      'tr',
      { 'data-part': 'round-trip' },
      h('th', { scope: 'row' }, 'Round trip (page ↔ worker)'),
      h('td', {}, formatMs(result.roundTripMs)),
      h('td', {}),
      h('td', {}),
    ),
  );
  body.replaceChildren(...rows);
}

/** The faces as a list, in the colours of their boxes. */
export function renderFaces(list: HTMLOListElement, faces: readonly Face[]): void {
  list.replaceChildren(
    ...faces.map((face, i) => {
      const { x, y, width, height } = face.box;
      const landmarks = face.landmarks
        ? LANDMARK_NAMES.map((n) => `${LANDMARK_LABELS[n]} ${point(face.landmarks![n])}`).join(', ')
        : 'no landmarks';
      return h(
        'li',
        {
          'data-box': [x, y, width, height].map((v) => v.toFixed(2)).join(','),
          'data-score': face.score,
          'data-landmarks': face.landmarks
            ? LANDMARK_NAMES.map(
                (n) => `${face.landmarks![n].x.toFixed(2)},${face.landmarks![n].y.toFixed(2)}`,
              ).join(';')
            : undefined,
        },
        h('span', { class: 'swatch', style: `background:${faceColor(i)}`, 'aria-hidden': 'true' }),
        h('strong', {}, `Face ${i + 1}`),
        ` score ${face.score.toFixed(4)}`,
        h(
          'span',
          { class: 'face-detail' },
          `box ${point({ x, y })} ${Math.round(width)} × ${Math.round(height)} px; ${landmarks}`,
        ),
      );
    }),
  );
  if (faces.length === 0) list.replaceChildren(h('li', { class: 'empty' }, 'No faces found.'));
}

/** Largest canvas side drawn: enough for any screen, bounded for memory. */
const MAX_CANVAS_SIDE = 4096;

/**
 * Draws the pixels that were analysed and the faces found on them. Small images are drawn enlarged to the
 * width they are shown at, so that the overlay stays crisp; the canvas says how many faces it shows.
 */
export function renderPicture(
  canvas: HTMLCanvasElement,
  pixels: ImageData,
  faces: readonly Face[],
  name: string,
) {
  const shownWidth = (canvas.parentElement?.clientWidth ?? 0) * (window.devicePixelRatio || 1);
  const longer = Math.max(pixels.width, pixels.height);
  const scale = Math.max(1, Math.min(shownWidth / pixels.width, MAX_CANVAS_SIDE / longer));
  canvas.width = Math.round(pixels.width * scale);
  canvas.height = Math.round(pixels.height * scale);
  const context = canvas.getContext('2d');
  if (!context) return;
  if (scale === 1) {
    context.putImageData(pixels, 0, 0);
  } else {
    const source = new OffscreenCanvas(pixels.width, pixels.height);
    source.getContext('2d')?.putImageData(pixels, 0, 0);
    context.imageSmoothingQuality = 'high';
    context.drawImage(source, 0, 0, canvas.width, canvas.height);
  }
  context.setTransform(scale, 0, 0, scale, 0, 0);
  drawFaces(context, faces, pixels.width, pixels.height, scale);
  context.setTransform(1, 0, 0, 1, 0, 0);
  canvas.dataset.faces = String(faces.length);
  canvas.setAttribute(
    'aria-label',
    `${name} with ${faces.length} face${faces.length === 1 ? '' : 's'} marked`,
  );
}
