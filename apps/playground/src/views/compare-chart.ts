import { svg } from '../dom.js';
import { formatMs } from '../format.js';
import type { BackendReport, CompareReport } from '../results/compare-report.js';
import { TIMING_LABELS, type TimingPart } from '../results/timing-parts.js';

/** The parts charted: the three networks and the total (pre/post-processing are in the table). */
const CHARTED_PARTS: readonly TimingPart[] = ['pnet', 'rnet', 'onet', 'total'];

/** Colours per backend, distinguishable in both colour schemes. */
const BACKEND_COLORS: Readonly<Record<string, string>> = {
  'wasm-1': '#4e79a7',
  'wasm-n': '#59a14f',
  webgpu: '#e15759',
};

// Geometry in CSS pixels: the chart is drawn for the width it is shown at, so text keeps its size.
const PAD = 6;
const LEGEND_HEIGHT = 26;
const TITLE_HEIGHT = 20;
const ROW_HEIGHT = 36;
const LABEL_BASELINE = 12;
const BAR_TOP = 17;
const BAR_HEIGHT = 12;
const AXIS_HEIGHT = 26;
const GROUP_GAP = 8;
const DIAMOND = 5;

function diamond(cx: number, cy: number): string {
  return `M${cx} ${cy - DIAMOND}L${cx + DIAMOND} ${cy}L${cx} ${cy + DIAMOND}L${cx - DIAMOND} ${cy}Z`;
}

function tickLabel(ms: number): string {
  return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}

/** Decades around the values: the logarithmic axis of one group. */
function decades(values: readonly number[]): { lo: number; hi: number } {
  const positive = values.filter((v) => Number.isFinite(v) && v > 0);
  if (positive.length === 0) return { lo: 1, hi: 10 };
  const lo = 10 ** Math.floor(Math.log10(Math.min(...positive)));
  const hi = Math.max(lo * 10, 10 ** Math.ceil(Math.log10(Math.max(...positive))));
  return { lo, hi };
}

function group(part: TimingPart, backends: readonly BackendReport[], width: number, top: number): SVGElement {
  const left = PAD;
  const right = width - PAD;
  const summaries = backends.map((b) => b.summary[part]);
  const { lo, hi } = decades(summaries.flatMap((s) => (s ? [s.first, s.median, s.p90] : [])));
  const x = (ms: number) =>
    left +
    ((Math.log10(Math.max(ms, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * (right - left);
  const rowsTop = TITLE_HEIGHT;
  const rowsBottom = rowsTop + backends.length * ROW_HEIGHT;
  const g = svg('g', { transform: `translate(0, ${top})`, 'data-part': part });
  g.append(svg('text', { x: left, y: 14, class: 'group-title' }, TIMING_LABELS[part]));

  for (let tick = lo; tick <= hi * 1.0001; tick *= 10) {
    const tx = x(tick);
    g.append(
      svg('line', { x1: tx, y1: rowsTop, x2: tx, y2: rowsBottom + 4, class: 'grid' }),
      svg(
        'text',
        {
          x: tx,
          y: rowsBottom + 17,
          class: 'tick',
          'text-anchor': tick === lo ? 'start' : tick >= hi ? 'end' : 'middle',
        },
        tickLabel(tick),
      ),
    );
  }

  backends.forEach((backend, r) => {
    const y = rowsTop + r * ROW_HEIGHT;
    const s = summaries[r];
    g.append(svg('text', { x: left, y: y + LABEL_BASELINE, class: 'row-label' }, backend.label));
    if (!s) {
      g.append(
        svg('text', { x: right, y: y + LABEL_BASELINE, class: 'value', 'text-anchor': 'end' }, 'not run'),
      );
      return;
    }
    const median = Number.isFinite(s.median) ? s.median : s.first;
    const p90 = Number.isFinite(s.p90) ? s.p90 : median;
    const mid = y + BAR_TOP + BAR_HEIGHT / 2;
    g.append(
      svg(
        'text',
        { x: right, y: y + LABEL_BASELINE, class: 'value', 'text-anchor': 'end' },
        `${formatMs(median)} · p90 ${formatMs(p90)} · first ${formatMs(s.first)} ms`,
      ),
      svg('rect', {
        x: left,
        y: y + BAR_TOP,
        width: Math.max(1, x(median) - left),
        height: BAR_HEIGHT,
        fill: BACKEND_COLORS[backend.id] ?? '#888',
      }),
      svg('line', { x1: x(median), y1: mid, x2: x(p90), y2: mid, class: 'whisker' }),
      svg('line', { x1: x(p90), y1: mid - 4, x2: x(p90), y2: mid + 4, class: 'whisker' }),
      svg('path', { d: diamond(x(s.first), mid), class: 'first-run' }),
    );
  });
  return g;
}

/**
 * Small multiples, drawn for `width` CSS pixels: per step one group, in it one row per backend with the
 * steady-state median as a bar, the p90 as a whisker and the first run as a diamond, on a logarithmic time
 * axis (WebAssembly and software WebGPU can be a hundred times apart).
 */
export function compareChart(report: CompareReport, width: number): SVGElement {
  const backends = report.backends.filter((b) => !b.error);
  const groupHeight = TITLE_HEIGHT + backends.length * ROW_HEIGHT + AXIS_HEIGHT + GROUP_GAP;
  const height = LEGEND_HEIGHT + CHARTED_PARTS.length * groupHeight;
  const root = svg(
    'svg',
    {
      width,
      height,
      viewBox: `0 0 ${width} ${height}`,
      role: 'img',
      'aria-labelledby': 'compare-chart-title',
      class: 'chart-svg',
    },
    svg(
      'title',
      { id: 'compare-chart-title' },
      'Milliseconds per step and backend: median, p90 and first run',
    ),
  );
  const legend = svg('g', { transform: `translate(${PAD}, 14)` });
  legend.append(
    svg('rect', { x: 0, y: -9, width: 20, height: 10, class: 'legend-bar' }),
    svg('text', { x: 26, y: 0 }, 'median'),
    svg('line', { x1: 82, y1: -4, x2: 102, y2: -4, class: 'whisker' }),
    svg('line', { x1: 102, y1: -8, x2: 102, y2: 0, class: 'whisker' }),
    svg('text', { x: 108, y: 0 }, 'p90'),
    svg('path', { d: diamond(146, -4), class: 'first-run' }),
    svg('text', { x: 156, y: 0 }, 'first run'),
  );
  root.append(legend);
  CHARTED_PARTS.forEach((part, i) => {
    root.append(group(part, backends, width, LEGEND_HEIGHT + i * groupHeight));
  });
  return root;
}
