// Markdown tables of a bench report (the README's Benchmarks section shows the same tables).
import { STAGE_LABEL, STANDARD_STAGES, type StandardStage } from './standard-stages.js';
import type { BenchReport, CaseResult, PeakResult, QueueBenchResult } from './types.js';

function ms(value: number | undefined): string {
  if (value === undefined) return '–';
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function gemmPeak(report: BenchReport, backend: string): PeakResult | undefined {
  return report.peaks.find((p) => p.backend === backend && p.name === 'gemm');
}

function speedTable(report: BenchReport): string {
  return table(
    ['backend', 'input', 'size', 'faces', 'first cold', 'first warm', 'median', 'p90', 'fps', 'peak RSS MiB'],
    report.cases.map((c) => [
      c.backend,
      c.input,
      `${c.width}×${c.height}`,
      String(c.faces),
      ms(c.firstColdMs),
      ms(c.firstAfterWarmupMs),
      ms(c.wall.median),
      ms(c.wall.p90),
      (1000 / c.wall.median).toFixed(1),
      c.peakRssMiB.toFixed(0),
    ]),
  );
}

function stageCell(c: CaseResult, name: StandardStage): string {
  const s = c.stages[name];
  return s ? `${ms(s.ms)} (${ms(s.modelMs)} + ${ms(s.jsMs)})` : '–';
}

function stageTable(report: BenchReport): string {
  return table(
    [
      'backend',
      'input',
      ...STANDARD_STAGES.map((n) => `${STAGE_LABEL[n]} ms (model + JS)`),
      'other JS ms',
      'P-Net calls',
      'into R-Net',
      'into O-Net',
    ],
    report.cases.map((c) => [
      c.backend,
      c.input,
      ...STANDARD_STAGES.map((n) => stageCell(c, n)),
      ms(c.otherJsMs),
      String(c.stages.pnet?.calls ?? '–'),
      String(c.stages.rnet?.candidatesIn ?? 0),
      String(c.stages.onet?.candidatesIn ?? 0),
    ]),
  );
}

function arithmeticTable(report: BenchReport): string {
  const g = (macs: number) => (macs / 1e9).toFixed(3);
  return table(
    [
      'backend',
      'input',
      'GMAC P-Net',
      'GMAC R-Net',
      'GMAC O-Net',
      'GFLOP',
      'GFLOP/s (wall)',
      'GFLOP/s (in model)',
      '% of peak (wall)',
      '% of peak (in model)',
    ],
    report.cases.map((c) => {
      const peak = gemmPeak(report, c.backend)?.gflops;
      const pct = (v: number) => (peak ? `${((100 * v) / peak).toFixed(1)}%` : '–');
      return [
        c.backend,
        c.input,
        g(c.arithmetic.pnet),
        g(c.arithmetic.rnet),
        g(c.arithmetic.onet),
        ((2 * c.arithmetic.total) / 1e9).toFixed(2),
        c.gflops.wall.toFixed(1),
        c.gflops.model.toFixed(1),
        pct(c.gflops.wall),
        pct(c.gflops.model),
      ];
    }),
  );
}

function peakTable(report: BenchReport): string {
  return table(
    ['backend', 'kernel', 'median ms', 'GFLOP/s'],
    report.peaks.map((p) => [p.backend, p.describe, ms(p.ms.median), p.gflops.toFixed(1)]),
  );
}

function throughputTable(report: BenchReport): string {
  return table(
    ['backend', 'mode', 'images', 'seconds', 'images/s'],
    report.throughput.map((t) => [
      t.backend,
      t.mode,
      String(t.images),
      (t.ms / 1000).toFixed(2),
      t.imagesPerSecond.toFixed(2),
    ]),
  );
}

function opProfileTable(profile: NonNullable<BenchReport['opProfile']>): string {
  const rows: string[][] = [];
  for (const stage of profile.stages) {
    const share = (ms: number) => `${((100 * ms) / stage.totalMs).toFixed(0)}%`;
    const top = stage.ops.slice(0, OPS_SHOWN);
    const rest = stage.ops.slice(OPS_SHOWN).reduce((a, o) => a + o.ms, 0);
    rows.push([
      `${STAGE_LABEL[stage.stage]} (${stage.form ?? 'portable'})`,
      stage.inputDims.join('×'),
      ms(stage.totalMs),
      [
        ...top.map((o) => `${o.op} ${ms(o.ms)} (${share(o.ms)})`),
        ...(rest > 0 ? [`other ${ms(rest)}`] : []),
      ].join(', '),
    ]);
  }
  return table(['model', 'input', 'ms per run', 'by operator'], rows);
}

function recognitionTable(report: BenchReport): string {
  const sizes = [...new Set(report.recognition.flatMap((r) => r.batches.map((b) => b.size)))];
  return table(
    [
      'backend',
      ...sizes.map((n) => `batch ${n}: embeddings/s (ms per call; GFLOP/s, % of peak)`),
      'frame: detect + align + embed ms (fps)',
      'detect ms',
      'align + embed ms',
      'peak RSS MiB',
    ],
    report.recognition.map((r) => [
      r.backend,
      ...sizes.map((n) => {
        const b = r.batches.find((x) => x.size === n);
        if (!b) return '–';
        // Older reports lack the arithmetic: their cells keep the first two figures.
        const gflops = r.macsPerEmbedding
          ? (2 * r.macsPerEmbedding * b.embeddingsPerSecond) / 1e9
          : undefined;
        const peak = gemmPeak(report, r.backend)?.gflops;
        const work =
          gflops === undefined
            ? ''
            : `; ${gflops.toFixed(0)}${peak ? `, ${((100 * gflops) / peak).toFixed(0)}%` : ''}`;
        return `${b.embeddingsPerSecond.toFixed(0)} (${ms(b.ms.median)}${work})`;
      }),
      `${ms(r.frame.wall.median)} (${(1000 / r.frame.wall.median).toFixed(1)})`,
      ms(r.frame.detect.median),
      ms(r.frame.alignAndEmbed.median),
      r.peakRssMiB.toFixed(0),
    ]),
  );
}

/** How many machines one Redis core serves: its chunks per second over one machine's, in images. */
function queueSection(queue: QueueBenchResult): string {
  const inProcess = queue.modes[0]!;
  const rate = (m: { images: number; ms: number }) => (1000 * m.images) / m.ms;
  const rows = queue.modes.map((m) => [
    m.mode,
    String(m.images),
    (m.ms / 1000).toFixed(1),
    rate(m).toFixed(2),
    `${(rate(m) / rate(inProcess)).toFixed(2)}×`,
  ]);
  const r = queue.redis;
  const redisImagesPerSecond = (1000 / r.redisCpuMsPerChunk) * r.chunkSize;
  const machine = Math.max(...queue.modes.map(rate));
  return [
    table(['command (same photos; process start included)', 'images', 's', 'images/s', 'vs detect'], rows),
    '',
    `Chunks of ${queue.chunkSize} in the image runs. Redis alone (${r.inputs} inputs in chunks of ${r.chunkSize}, ` +
      `a processor that does nothing, one worker): ${r.commandsPerChunk.toFixed(1)} commands and ` +
      `${(r.commandUsPerChunk / 1000).toFixed(3)} ms of command time per chunk, ${r.redisCpuMsPerChunk.toFixed(3)} ms ` +
      `of Redis CPU per chunk (one worker took ${r.chunksPerSecond.toFixed(0)} chunks/s). One Redis core at that cost ` +
      `serves about ${redisImagesPerSecond.toFixed(0)} images/s: ${(redisImagesPerSecond / machine).toFixed(0)} ` +
      `machines like this one at ${machine.toFixed(2)} images/s each.`,
  ].join('\n');
}

function memoryTable(report: BenchReport): string {
  return table(
    [
      'backend',
      'input',
      'size',
      'min face',
      'faces',
      'ms (one run)',
      'RSS before MiB',
      'peak RSS MiB',
      'MiB per MP',
    ],
    (report.memory ?? []).map((r) => [
      r.backend,
      r.input,
      `${r.width}×${r.height}`,
      String(r.minFaceSize),
      String(r.faces),
      ms(r.ms),
      r.beforeMiB.toFixed(0),
      r.peakMiB.toFixed(0),
      r.perMegapixelMiB.toFixed(1),
    ]),
  );
}

/** Operator kinds listed per model in the profile table; the rest are summed. */
const OPS_SHOWN = 5;

export function renderMarkdown(report: BenchReport): string {
  const m = report.machine;
  const parts = [
    `# mtcnn bench ${report.date}${report.quick ? ' (quick)' : ''}`,
    `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; Node ${m.node}; onnxruntime ${m.onnxruntime}` +
      `${m.commit ? `; commit ${m.commit}` : ''}. Default detector options; ${report.runs} steady-state runs ` +
      `per input, after at least ${report.warm.runs} discarded runs and ${report.warm.ms / 1000} s; times in ms.`,
    '## Speed',
    speedTable(report),
    '## Stages (medians)',
    stageTable(report),
    '## Arithmetic',
    arithmeticTable(report),
    '## Peak',
    peakTable(report),
  ];
  if (report.memory && report.memory.length > 0) {
    parts.push(
      '## Peak memory (one detection; MiB per MP: (peak − before) / megapixels; before: process, models, pixels)',
      memoryTable(report),
    );
  }
  if (report.throughput.length > 0) parts.push('## Many images', throughputTable(report));
  if (report.recognition?.length > 0) {
    const frame = report.recognition[0]!.frame;
    parts.push(
      `## Recognition (${report.recognition[0]!.embedder}; medians; frame: ${frame.input}, ${frame.width}×${frame.height})`,
      recognitionTable(report),
    );
  }
  if (report.opProfile) {
    parts.push(
      `## Inside onnxruntime (CPU, ${report.opProfile.input}, the inputs each model got)`,
      opProfileTable(report.opProfile),
    );
  }
  if (report.queue) parts.push('## Queue (BullMQ on Redis)', queueSection(report.queue));
  if (report.skipped.length > 0) {
    parts.push('## Skipped backends', report.skipped.map((s) => `- ${s.backend}: ${s.reason}`).join('\n'));
  }
  return `${parts.join('\n\n')}\n`;
}
