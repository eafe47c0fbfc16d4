import { RUNS_PER_LANE } from '@mtcnn/core/stage-kit';
import { describe, expect, it } from 'vitest';
import { MAX_BAND_PIXELS, MIN_BAND_MAP_ROWS, pnetBandInputRows, pnetBands } from './pnet-bands.js';
import { PNET_CELL_SIZE, PNET_STRIDE, pnetMapSize, pyramidScales, scaledSize } from './pyramid.js';

/** The default pyramid of a frame: min face 20 px, factor 0.709. */
const scalesOf = (width: number, height: number) => pyramidScales(width, height, 20, 0.709);

describe('pnetBandInputRows', () => {
  it('reads the pixel rows of the band’s cells: [2 first, 2 last + 12), to the bottom for the last band', () => {
    // A 288-row level has a 139-row map.
    expect(pnetMapSize(288)).toBe(139);
    expect(pnetBandInputRows({ from: 0, to: 70 }, 139, 288)).toEqual({ from: 0, to: 2 * 69 + 12 });
    expect(pnetBandInputRows({ from: 70, to: 139 }, 139, 288)).toEqual({ from: 140, to: 288 });
  });

  it('gives a band exactly its rows of the map, whatever the cut', () => {
    // P-Net on the band's pixel rows yields pnetMapSize(rows) map rows: the band's own, no more, no fewer.
    for (const height of [12, 13, 40, 41, 288, 289, 648]) {
      const mapHeight = pnetMapSize(height);
      for (let cut = 1; cut < mapHeight; cut++) {
        for (const rows of [
          { from: 0, to: cut },
          { from: cut, to: mapHeight },
        ]) {
          const input = pnetBandInputRows(rows, mapHeight, height);
          expect(pnetMapSize(input.to - input.from), `${height} rows, cut at ${cut}`).toBe(
            rows.to - rows.from,
          );
          expect(input.from).toBe(PNET_STRIDE * rows.from);
          // The last band runs to the bottom (its last cell may reach one row past it, into the pool's padding).
          const end = rows.to === mapHeight ? height : PNET_STRIDE * (rows.to - 1) + PNET_CELL_SIZE;
          expect(input.to).toBe(end);
        }
      }
    }
  });
});

describe('pnetBands', () => {
  it('runs every level whole, largest first, for one run at a time', () => {
    const scales = scalesOf(640, 480);
    const bands = pnetBands(640, 480, scales, 1);
    expect(bands.map((b) => b.scale)).toEqual(scales);
    for (const b of bands) {
      expect({ width: b.width, height: b.height }).toEqual(scaledSize(640, 480, b.scale));
      expect(b.mapRows).toEqual({ from: 0, to: pnetMapSize(b.height) });
      expect(b.inputRows).toEqual({ from: 0, to: b.height });
    }
  });

  it.each([
    [640, 480, 2],
    [1920, 1080, 2],
    [1920, 1080, 4],
    [4000, 3000, 4],
  ])(
    'cuts %i×%i into bands that cover each map once and share it out among %i runs',
    (width, height, parts) => {
      const scales = scalesOf(width, height);
      const bands = pnetBands(width, height, scales, parts * RUNS_PER_LANE);
      const pixels = (b: (typeof bands)[number]) => b.width * (b.inputRows.to - b.inputRows.from);
      const total = bands.reduce((sum, b) => sum + pixels(b), 0);
      for (const scale of scales) {
        const level = bands.filter((b) => b.scale === scale);
        const mapHeight = pnetMapSize(level[0]!.height);
        // Contiguous, in order, from the first map row to the last.
        expect(level[0]!.mapRows.from).toBe(0);
        expect(level.at(-1)!.mapRows.to).toBe(mapHeight);
        for (let k = 1; k < level.length; k++) expect(level[k]!.mapRows.from).toBe(level[k - 1]!.mapRows.to);
        if (level.length > 1)
          for (const b of level)
            expect(b.mapRows.to - b.mapRows.from).toBeGreaterThanOrEqual(MIN_BAND_MAP_ROWS);
      }
      // The largest level is cut; no run is more than about a third of one part's share of the work, so the
      // lanes, taking runs as they come free, finish close together.
      expect(bands.filter((b) => b.scale === scales[0]).length).toBeGreaterThan(2);
      for (const b of bands) expect(pixels(b)).toBeLessThan((0.35 * total) / parts);
      // The overlap between bands stays small: under 25 % more pixels than the levels (the price of the finer cut,
      // which the bench weighs against the balance it brings).
      const levels = scales.reduce((sum, s) => {
        const { width: w, height: h } = scaledSize(width, height, s);
        return sum + w * h;
      }, 0);
      expect(total / levels).toBeLessThan(1.25);
    },
  );

  it.each([1, 24])(
    'cuts the levels of a very large photo into bands of about MAX_BAND_PIXELS at most, for %i runs',
    (runs) => {
      // 8000 × 4200 at min face 12: the first level is the whole image, 33.6 megapixels.
      const scales = pyramidScales(8000, 4200, 12, 0.709);
      const bands = pnetBands(8000, 4200, scales, runs);
      for (const scale of scales) {
        const level = bands.filter((b) => b.scale === scale);
        const mapHeight = pnetMapSize(level[0]!.height);
        expect(level[0]!.mapRows.from).toBe(0);
        expect(level.at(-1)!.mapRows.to).toBe(mapHeight);
        for (let k = 1; k < level.length; k++) expect(level[k]!.mapRows.from).toBe(level[k - 1]!.mapRows.to);
      }
      for (const b of bands) {
        const rows = b.inputRows.to - b.inputRows.from;
        // A band's share of its level's rows, plus the 10 rows each cut repeats.
        const bandsOfLevel = bands.filter((o) => o.scale === b.scale).length;
        expect(rows).toBeLessThanOrEqual(Math.ceil(b.height / bandsOfLevel) + 12);
        const share = b.width * (b.height / bandsOfLevel);
        const levelPixels = b.width * b.height;
        expect(share).toBeLessThanOrEqual(
          levelPixels > 2 * MAX_BAND_PIXELS ? MAX_BAND_PIXELS : 2 * MAX_BAND_PIXELS,
        );
      }
      // The whole image is cut into at least 33.6 M / MAX_BAND_PIXELS bands.
      expect(bands.filter((b) => b.scale === scales[0]).length).toBeGreaterThanOrEqual(
        Math.ceil((8000 * 4200) / MAX_BAND_PIXELS),
      );
    },
  );

  it('leaves the levels of frames and ordinary photos as planned: a 1920 × 1080 frame runs each level whole on one lane', () => {
    const scales = scalesOf(1920, 1080);
    expect(pnetBands(1920, 1080, scales, 1)).toHaveLength(scales.length);
    // Its first level, 1152 × 648, is over MAX_BAND_PIXELS but not twice it.
    expect(1152 * 648).toBeGreaterThan(MAX_BAND_PIXELS);
  });
});
