import { h } from '../dom.js';
import { formatDifference, formatMs } from '../format.js';
import { AGREEMENT_TOLERANCE_PX, MATCH_MIN_IOU } from '../results/agreement.js';
import type { CompareReport } from '../results/compare-report.js';
import { TIMING_LABELS, TIMING_PARTS } from '../results/timing-parts.js';

const STAGE_PARTS = new Set(['pnet', 'rnet', 'onet']);

/** The timings table: one row group per backend with model loading and each part's first run, median, p90. */
export function renderCompareTimings(table: HTMLTableElement, report: CompareReport): void {
  const groups = report.backends.map((backend) => {
    const rows: HTMLTableRowElement[] = [
      h(
        'tr',
        { class: 'group-start' },
        h(
          'th',
          { scope: 'rowgroup', colspan: 5, class: 'backend-cell' },
          backend.label,
          h('span', { class: 'hint' }, ` — ${backend.note}`),
        ),
      ),
      h(
        'tr',
        { 'data-backend': backend.id, 'data-part': 'load' },
        h('th', { scope: 'row' }, 'Model load'),
        h('td', {}, formatMs(backend.loadMs)),
        h('td', {}),
        h('td', {}),
        h('td', {}),
      ),
    ];
    if (backend.error) {
      rows.push(
        h('tr', { 'data-backend': backend.id }, h('td', { colspan: 5, class: 'error' }, backend.error)),
      );
    } else {
      for (const part of TIMING_PARTS) {
        const s = backend.summary[part];
        const candidates = STAGE_PARTS.has(part)
          ? backend.candidates[part as 'pnet' | 'rnet' | 'onet']
          : undefined;
        rows.push(
          h(
            'tr',
            { 'data-backend': backend.id, 'data-part': part, class: part === 'total' ? 'total' : undefined },
            h('th', { scope: 'row' }, TIMING_LABELS[part]),
            h('td', {}, s ? formatMs(s.first) : 'not run'),
            h('td', {}, s ? formatMs(s.median) : ''),
            h('td', {}, s ? formatMs(s.p90) : ''),
            h('td', {}, candidates ?? ''),
          ),
        );
      }
    }
    return h('tbody', { 'data-backend': backend.id }, ...rows);
  });
  for (const body of [...table.tBodies]) body.remove();
  table.append(...groups);
}

/** One sentence on what the agreement table compares with. */
export function agreementIntro(report: CompareReport): string {
  const reference = report.backends.find((b) => b.id === report.referenceBackend);
  if (!reference) return 'No backend found faces, so there is nothing to compare.';
  return (
    `Reference: ${reference.label} (${reference.faces.length} faces). Faces match at IoU ≥ ${MATCH_MIN_IOU}; ` +
    `full agreement means every face matched, no extra face, and box corners and landmarks within ` +
    `${AGREEMENT_TOLERANCE_PX} px.`
  );
}

/** The agreement table: each backend's faces against the reference backend's. */
export function renderAgreement(body: HTMLTableSectionElement, report: CompareReport): void {
  body.replaceChildren(
    ...report.backends.map((backend) => {
      const a = backend.agreement;
      const cells = (...values: (string | number)[]) => values.map((v) => h('td', {}, v));
      let verdict: string;
      if (backend.error) verdict = 'failed';
      else if (backend.id === report.referenceBackend) verdict = 'reference';
      else verdict = a?.full ? 'full agreement' : 'differs';
      const row = h(
        'tr',
        {
          'data-backend': backend.id,
          'data-verdict': verdict,
          'data-faces': backend.faces.length,
          'data-matched': a?.matched,
          'data-reference-faces': a?.referenceFaces,
          'data-extra': a?.extra,
          'data-box-deviation': a?.maxBoxDeviationPx,
          'data-landmark-deviation': a?.maxLandmarkDeviationPx,
        },
        h('th', { scope: 'row' }, backend.label),
        ...(a
          ? cells(
              backend.faces.length,
              `${a.matched} / ${a.referenceFaces}`,
              a.extra,
              formatDifference(a.maxBoxDeviationPx),
              formatDifference(a.maxLandmarkDeviationPx),
              formatDifference(a.maxScoreDifference),
            )
          : cells(backend.error ? '—' : backend.faces.length, '—', '—', '—', '—', '—')),
        ...cells(backend.error ? '—' : backend.stableAcrossRuns ? 'yes' : 'no'),
        h('td', { class: `verdict verdict-${verdict.replace(' ', '-')}` }, verdict),
      );
      return row;
    }),
  );
}
