import type { RowRange } from '@mtcnn/core/stage-kit';
import { PNET_CELL_SIZE, PNET_STRIDE, pnetMapSize, scaledSize } from './pyramid.js';

/** One P-Net run: a horizontal band of one pyramid level (the whole level, or part of it). */
export interface PnetBand {
  readonly scale: number;
  /** The level's size: the image resampled at `scale`. */
  readonly width: number;
  readonly height: number;
  /** The rows of the level's output maps that this band computes. */
  readonly mapRows: RowRange;
  /** The rows of the level's pixels those map rows read. */
  readonly inputRows: RowRange;
}

/**
 * Fewest map rows in a band: each cut makes both neighbours read the same 10 pixel rows, so a band much
 * thinner than this would spend more on the overlap than it gains.
 */
export const MIN_BAND_MAP_ROWS = 16;

/**
 * Most pixels of a band, about (its cut rows add a few), in levels over twice this: onnxruntime's working memory
 * for a run grows with its input, and each lane keeps what its largest run needed, so the large levels of very
 * large photos are cut however few runs are planned. Smaller levels are cut only as planned, so frames and
 * ordinary photos run as before, and no run's level part is over twice this.
 */
export const MAX_BAND_PIXELS = 2 ** 19;

/**
 * The pixel rows of a level that P-Net's map rows `mapRows` read: cell row y covers pixel rows
 * [2y, 2y + 12). P-Net is fully convolutional and its pooling windows start on even rows, so running it on
 * just these rows gives exactly those map rows, bit for bit (the last band runs to the level's bottom, where
 * the pool's padding at the end applies as it does for the whole level).
 */
export function pnetBandInputRows(mapRows: RowRange, mapHeight: number, levelHeight: number): RowRange {
  const to = mapRows.to === mapHeight ? levelHeight : PNET_STRIDE * (mapRows.to - 1) + PNET_CELL_SIZE;
  return { from: PNET_STRIDE * mapRows.from, to };
}

/**
 * P-Net's runs over a pyramid, cut into about `runs` runs of even size (the stage plans them for its session's
 * lanes, which take runs as they come free: what keeps the lanes even is the size of the last few runs). A level
 * gets round(its pixels / (all levels' pixels / runs)) horizontal bands of at least MIN_BAND_MAP_ROWS map rows,
 * so the largest levels are cut and the smaller ones run whole, and the first band is halved where it is thick
 * enough (see below). With `runs` 1 every level is one run, but levels over twice MAX_BAND_PIXELS, which are
 * cut into bands of at most about MAX_BAND_PIXELS whatever `runs` is. Largest levels come first. `levelSize` gives
 * a level's size for its scale (facenet-pytorch's differs from the reference's).
 */
export function pnetBands(
  width: number,
  height: number,
  scales: readonly number[],
  runs: number,
  levelSize: (width: number, height: number, scale: number) => { width: number; height: number } = scaledSize,
): PnetBand[] {
  const levels = scales.map((scale) => ({ scale, ...levelSize(width, height, scale) }));
  const total = levels.reduce((sum, l) => sum + l.width * l.height, 0);
  const parts = Math.max(1, runs);
  const share = total / parts;
  const bands: PnetBand[] = [];
  for (const level of levels) {
    const mapHeight = pnetMapSize(level.height);
    const pixels = level.width * level.height;
    const planned = parts > 1 ? Math.round(pixels / share) : 1;
    const wanted =
      pixels > 2 * MAX_BAND_PIXELS ? Math.max(planned, Math.ceil(pixels / MAX_BAND_PIXELS)) : planned;
    const count = Math.max(1, Math.min(wanted, Math.floor(mapHeight / MIN_BAND_MAP_ROWS)));
    for (let k = 0; k < count; k++) {
      const mapRows = {
        from: Math.round((k * mapHeight) / count),
        to: Math.round(((k + 1) * mapHeight) / count),
      };
      bands.push({ ...level, mapRows, inputRows: pnetBandInputRows(mapRows, mapHeight, level.height) });
    }
  }
  // The first run waits for everything made before it (the summed-area table's rows it reads, its resampling):
  // where several run at once, the first band goes as two halves, so that another thread starts sooner.
  const first = bands[0];
  if (parts > 1 && first && first.mapRows.to - first.mapRows.from >= 2 * MIN_BAND_MAP_ROWS) {
    const mapHeight = pnetMapSize(first.height);
    const middle = Math.round((first.mapRows.from + first.mapRows.to) / 2);
    const halves = [
      { from: first.mapRows.from, to: middle },
      { from: middle, to: first.mapRows.to },
    ].map((mapRows) => ({
      ...first,
      mapRows,
      inputRows: pnetBandInputRows(mapRows, mapHeight, first.height),
    }));
    bands.splice(0, 1, ...halves);
  }
  return bands;
}
