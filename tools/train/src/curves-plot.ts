// Loss curves as a picture: an SVG of two panels sharing the step axis (losses above, face accuracy below),
// each training series smoothed over its raw values, validation as one marker per epoch; PNG through sharp.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import sharp from 'sharp';
import type { Curves, StepPoint } from './curves-data.js';

const WIDTH = 960;
const PANEL_HEIGHT = 300;
const MARGIN = { left: 70, right: 170, top: 40, bottom: 50, between: 60 };
const PLOT_WIDTH = WIDTH - MARGIN.left - MARGIN.right;
const HEIGHT = MARGIN.top + 2 * PANEL_HEIGHT + MARGIN.between + MARGIN.bottom;
/** More points than pixels only make the file larger. */
const MAX_POINTS = 1200;
const FONT = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';

/** The series drawn, their colours and their legend labels; `data-series` in the SVG names them. */
const STEP_SERIES = [
  { key: 'total', label: 'total', colour: '#222222' },
  { key: 'face', label: 'face', colour: '#1f77b4' },
  { key: 'box', label: 'box', colour: '#ff7f0e' },
  { key: 'landmarks', label: 'landmarks', colour: '#2ca02c' },
] as const satisfies readonly { key: keyof StepPoint; label: string; colour: string }[];
const VALIDATION_COLOUR = '#d62728';
const ACCURACY_COLOUR = '#9467bd';

/**
 * A debiased exponential moving average (as TensorBoard smooths): the weight grows with the run's length so a
 * short run stays visible and a long one is not noise. NaN values are carried through, not averaged in.
 */
export function smooth(values: readonly number[]): number[] {
  const weight = Math.min(0.95, Math.max(0, 1 - 10 / Math.max(1, values.length)));
  let average = 0;
  let count = 0;
  return values.map((v) => {
    if (!Number.isFinite(v)) return Number.NaN;
    average = weight * average + (1 - weight) * v;
    count++;
    return average / (1 - weight ** count);
  });
}

/**
 * About `count` round tick values (1, 2 or 5 times a power of ten apart) from the last at or below `min` to the
 * first at or above `max`, so an axis ending on its outer ticks shows every value.
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const ticks: number[] = [];
  const first = Math.floor(min / step + 1e-9);
  const last = Math.ceil(max / step - 1e-9);
  for (let k = first; k <= last; k++) ticks.push(Number((k * step).toPrecision(12)));
  return ticks;
}

function formatTick(value: number): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 10_000) return `${Number((value / 1000).toPrecision(4))}k`;
  return String(Number(value.toPrecision(4)));
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

interface Scale {
  x: (step: number) => number;
  y: (value: number) => number;
}

/** A polyline path through the finite points, broken where a value is missing. */
function pathData(points: readonly [number, number][], scale: Scale): string {
  const every = Math.max(1, Math.ceil(points.length / MAX_POINTS));
  let d = '';
  let pen = false;
  points.forEach(([step, value], i) => {
    if (i % every !== 0 && i !== points.length - 1) return;
    if (!Number.isFinite(value)) {
      pen = false;
      return;
    }
    d += `${pen ? 'L' : 'M'}${scale.x(step).toFixed(1)},${scale.y(value).toFixed(1)}`;
    pen = true;
  });
  return d;
}

function axes(top: number, xTicks: number[], yTicks: number[], scale: Scale, yLabel: string): string {
  const bottom = top + PANEL_HEIGHT;
  const right = MARGIN.left + PLOT_WIDTH;
  const parts = [
    `<rect x="${MARGIN.left}" y="${top}" width="${PLOT_WIDTH}" height="${PANEL_HEIGHT}" fill="none" stroke="#888"/>`,
  ];
  for (const t of yTicks) {
    const y = scale.y(t).toFixed(1);
    parts.push(
      `<line x1="${MARGIN.left}" y1="${y}" x2="${right}" y2="${y}" stroke="#e4e4e4"/>`,
      `<line x1="${MARGIN.left - 5}" y1="${y}" x2="${MARGIN.left}" y2="${y}" stroke="#444"/>`,
      `<text x="${MARGIN.left - 8}" y="${y}" text-anchor="end" dominant-baseline="middle">${formatTick(t)}</text>`,
    );
  }
  for (const t of xTicks) {
    const x = scale.x(t).toFixed(1);
    parts.push(
      `<line x1="${x}" y1="${bottom}" x2="${x}" y2="${bottom + 5}" stroke="#444"/>`,
      `<text x="${x}" y="${bottom + 18}" text-anchor="middle">${formatTick(t)}</text>`,
    );
  }
  const middle = top + PANEL_HEIGHT / 2;
  parts.push(
    `<text x="18" y="${middle}" text-anchor="middle" transform="rotate(-90 18 ${middle})">${yLabel}</text>`,
  );
  return parts.join('\n');
}

function legend(top: number, entries: { label: string; colour: string; marker?: boolean }[]): string {
  const x = MARGIN.left + PLOT_WIDTH + 16;
  return entries
    .map((e, i) => {
      const y = top + 14 + i * 20;
      const mark = e.marker
        ? `<circle cx="${x + 12}" cy="${y}" r="4" fill="${e.colour}"/>`
        : `<line x1="${x}" y1="${y}" x2="${x + 24}" y2="${y}" stroke="${e.colour}" stroke-width="2"/>`;
      return `${mark}<text x="${x + 30}" y="${y}" dominant-baseline="middle">${escapeXml(e.label)}</text>`;
    })
    .join('\n');
}

/** Pixels an epoch's span needs for its name ("epoch 12"), and for a bare number, at the axes' font size. */
const EPOCH_NAME_WIDTH = 60;
const EPOCH_NUMBER_WIDTH = 22;

/** The last step of each epoch: as the epoch records it, else the last of its steps so far. */
function epochEndSteps(curves: Curves): Map<number, number> {
  const ends = new Map<number, number>();
  for (const s of curves.steps) ends.set(s.epoch, Math.max(ends.get(s.epoch) ?? s.step, s.step));
  for (const e of curves.epochs) ends.set(e.epoch, e.step);
  return new Map([...ends].sort((a, b) => a[0] - b[0]));
}

/** The SVG text of a fit's curves. */
export function curvesSvg(curves: Curves): string {
  const steps = curves.steps;
  const ends = epochEndSteps(curves);
  const validation = curves.epochs.map((e) => ({
    step: e.step,
    total: e.validation.total,
    accuracy: e.validation.faceAccuracy,
  }));
  const xs = [...steps.map((s) => s.step), ...validation.map((v) => v.step)];
  const xMin = xs.length > 0 ? Math.min(...xs) : 0;
  const xMax = xs.length > 0 ? Math.max(...xs) : 1;
  const xTicks = niceTicks(xMin, xMax > xMin ? xMax : xMin + 1, 8);
  const xLo = Math.min(xMin, xTicks[0]!);
  const xHi = Math.max(xMax > xMin ? xMax : xMin + 1, xTicks.at(-1)!);
  const x = (step: number) => MARGIN.left + ((step - xLo) / (xHi - xLo)) * PLOT_WIDTH;

  // Only the series the stage has: P-Net and R-Net have no landmark loss.
  const series = STEP_SERIES.filter((s) => steps.some((p) => Number.isFinite(p[s.key]) && p[s.key] !== 0));
  const smoothed = new Map(series.map((s) => [s.key, smooth(steps.map((p) => p[s.key]))]));
  const lossValues = [
    ...[...smoothed.values()].flat(),
    ...series.flatMap((s) => steps.map((p) => p[s.key])),
    ...validation.map((v) => v.total),
  ].filter(Number.isFinite);
  const lossMax = lossValues.length > 0 ? Math.max(...lossValues) : 1;
  const lossTicks = niceTicks(0, lossMax > 0 ? lossMax : 1);
  const lossTop = lossTicks.at(-1)!;
  const top1 = MARGIN.top;
  const loss: Scale = { x, y: (v) => top1 + PANEL_HEIGHT * (1 - Math.min(v, lossTop) / lossTop) };
  const top2 = MARGIN.top + PANEL_HEIGHT + MARGIN.between;
  // Accuracy up to 1, from a tenth below its lowest value: a fine-tune that stays near 1 is not a flat line.
  const accuracies = [...steps.map((p) => p.faceAccuracy), ...validation.map((v) => v.accuracy)].filter(
    Number.isFinite,
  );
  const accuracyLow = Math.max(0, Math.floor(Math.min(1, ...accuracies) * 10) / 10 - 0.1);
  const accuracyTicks = niceTicks(accuracyLow, 1);
  const accuracyFloor = accuracyTicks[0]!;
  const accuracy: Scale = {
    x,
    y: (v) => top2 + PANEL_HEIGHT * (1 - (Math.max(v, accuracyFloor) - accuracyFloor) / (1 - accuracyFloor)),
  };

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="${FONT}" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${MARGIN.left}" y="24" font-size="16" font-weight="bold">${escapeXml(curves.stage)}: training loss and face accuracy</text>`,
    axes(top1, xTicks, lossTicks, loss, 'loss (smoothed; raw faint)'),
    axes(top2, xTicks, accuracyTicks, accuracy, 'face accuracy'),
    `<text x="${MARGIN.left + PLOT_WIDTH / 2}" y="${HEIGHT - 12}" text-anchor="middle">training step</text>`,
  ];
  // Epoch boundaries, and each epoch's name over its span, so steps read as epochs too.
  let previousEnd: number | undefined;
  for (const [epoch, end] of ends) {
    const start = previousEnd ?? xMin;
    previousEnd = end;
    // Names that fit their span; where spans are narrow, bare numbers, and only every few epochs so none overlap.
    const span = x(end) - x(start);
    const every = Math.max(1, Math.ceil(EPOCH_NUMBER_WIDTH / Math.max(span, 1)));
    if (span >= EPOCH_NAME_WIDTH || epoch % every === 0) {
      parts.push(
        `<text x="${x((start + end) / 2).toFixed(1)}" y="${top1 - 4}" text-anchor="middle" fill="#777">${span >= EPOCH_NAME_WIDTH ? `epoch ${epoch}` : epoch}</text>`,
      );
    }
    if (end === xMax) continue;
    const ex = x(end).toFixed(1);
    for (const top of [top1, top2]) {
      parts.push(
        `<line x1="${ex}" y1="${top}" x2="${ex}" y2="${top + PANEL_HEIGHT}" stroke="#bbb" stroke-dasharray="4 3"/>`,
      );
    }
  }
  for (const s of series) {
    const raw = steps.map((p): [number, number] => [p.step, p[s.key]]);
    const smooth = steps.map((p, i): [number, number] => [p.step, smoothed.get(s.key)![i]!]);
    parts.push(
      `<path data-series="${s.key}-raw" d="${pathData(raw, loss)}" fill="none" stroke="${s.colour}" stroke-opacity="0.18"/>`,
      `<path data-series="${s.key}" d="${pathData(smooth, loss)}" fill="none" stroke="${s.colour}" stroke-width="2"/>`,
    );
  }
  const marks = (data: [number, number][], scale: Scale, colour: string, name: string) =>
    `<g data-series="${name}" fill="${colour}">` +
    `<path d="${pathData(data, scale)}" fill="none" stroke="${colour}" stroke-dasharray="5 3"/>` +
    data
      .filter(([, v]) => Number.isFinite(v))
      .map(([st, v]) => `<circle cx="${scale.x(st).toFixed(1)}" cy="${scale.y(v).toFixed(1)}" r="4"/>`)
      .join('') +
    '</g>';
  parts.push(
    marks(
      validation.map((v) => [v.step, v.total]),
      loss,
      VALIDATION_COLOUR,
      'val-total',
    ),
  );
  const acc = steps.map((p): [number, number] => [p.step, p.faceAccuracy]);
  const accSmooth = smooth(acc.map(([, v]) => v));
  parts.push(
    `<path data-series="accuracy-raw" d="${pathData(acc, accuracy)}" fill="none" stroke="${ACCURACY_COLOUR}" stroke-opacity="0.18"/>`,
    `<path data-series="accuracy" d="${pathData(
      acc.map(([st], i) => [st, accSmooth[i]!]),
      accuracy,
    )}" fill="none" stroke="${ACCURACY_COLOUR}" stroke-width="2"/>`,
    marks(
      validation.map((v) => [v.step, v.accuracy]),
      accuracy,
      VALIDATION_COLOUR,
      'val-accuracy',
    ),
    legend(top1, [
      ...series.map((s) => ({ label: `${s.label} (step)`, colour: s.colour })),
      { label: 'validation total', colour: VALIDATION_COLOUR, marker: true },
    ]),
    legend(top2, [
      { label: 'accuracy (step)', colour: ACCURACY_COLOUR },
      { label: 'validation', colour: VALIDATION_COLOUR, marker: true },
    ]),
  );
  if (steps.length === 0) {
    parts.push(
      `<text x="${MARGIN.left + PLOT_WIDTH / 2}" y="${top1 + PANEL_HEIGHT / 2}" text-anchor="middle" fill="#777">no steps recorded yet</text>`,
    );
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** Writes the curves as an SVG and, when `pngPath` is given, as a PNG rendered from it by sharp. */
export async function plotCurves(curves: Curves, svgPath: string, pngPath?: string): Promise<void> {
  const svg = curvesSvg(curves);
  mkdirSync(dirname(svgPath), { recursive: true });
  writeFileSync(svgPath, svg);
  if (pngPath) {
    mkdirSync(dirname(pngPath), { recursive: true });
    await sharp(Buffer.from(svg)).png().toFile(pngPath);
  }
}
