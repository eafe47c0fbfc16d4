// Ratios of a report against an earlier one, case by case (same backend and input).
import { STAGE_LABEL, STANDARD_STAGES } from './standard-stages.js';
import type { BenchReport } from './types.js';

function ratio(oldValue: number | undefined, newValue: number | undefined): string {
  if (!oldValue || newValue === undefined) return '–';
  return `${(newValue / oldValue).toFixed(2)}×`;
}

/** Markdown table: old and new medians, and new/old ratios (below 1 is faster). */
export function compareReports(oldReport: BenchReport, newReport: BenchReport): string {
  const rows: string[] = [];
  for (const c of newReport.cases) {
    const o = oldReport.cases.find((x) => x.backend === c.backend && x.input === c.input);
    if (!o) continue;
    rows.push(
      `| ${c.backend} | ${c.input} | ${o.wall.median.toFixed(1)} | ${c.wall.median.toFixed(1)} | ` +
        `${ratio(o.wall.median, c.wall.median)} | ${ratio(o.wall.p90, c.wall.p90)} | ` +
        `${STANDARD_STAGES.map((n) => ratio(o.stages[n]?.ms, c.stages[n]?.ms)).join(' | ')} | ` +
        `${ratio(o.peakRssMiB, c.peakRssMiB)} |`,
    );
  }
  const header =
    `| backend | input | old median | new median | median new/old | p90 new/old | ` +
    `${STANDARD_STAGES.map((n) => `${STAGE_LABEL[n]} new/old`).join(' | ')} | RSS new/old |`;
  const rule = `|${header
    .split('|')
    .slice(1, -1)
    .map(() => '---')
    .join('|')}|`;
  const title = `## Compared with ${oldReport.date}${oldReport.machine.commit ? ` (${oldReport.machine.commit})` : ''}`;
  if (rows.length === 0) return `${title}\n\nNo case in common.\n`;
  return `${title}\n\nRatios below 1 are faster.\n\n${header}\n${rule}\n${rows.join('\n')}\n`;
}
