// The parent process: prepares the inputs, runs every measurement in a child, writes JSON and markdown.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchArgs } from './args.js';
import { BENCH_BACKENDS } from './backends.js';
import { runInChild } from './child.js';
import { compareReports } from './compare.js';
import { type BenchInput, prepareInputs, prepareLargePhotos, prepareRecognitionFrame } from './inputs.js';
import { describeMachine } from './machine.js';
import { renderMarkdown } from './markdown.js';
import type { CaseMeasurement, ColdMeasurement } from './measure-case.js';
import type { StageOpProfile } from './op-profile.js';
import { measureQueue } from './queue-bench.js';
import { summarizeCase } from './summarize-case.js';
import type {
  BenchReport,
  CaseResult,
  MemoryResult,
  PeakResult,
  QueueBenchResult,
  RecognitionResult,
  SkippedBackend,
  ThroughputResult,
} from './types.js';

/** Runs of each peak kernel. */
const PEAK_RUNS = 20;
/** Rounds over the photos for the many-images measurement (each round: every photo once). */
const THROUGHPUT_ROUNDS = 3;
const QUICK_THROUGHPUT_ROUNDS = 2;

/** Minimum face sizes of the peak-memory section: the default, and the smallest P-Net sees (the largest pyramid). */
const MEMORY_MIN_FACES = [20, 12];

/** The backend whose runtime's profiler the bench reads (onnxruntime-node's CPU provider). */
const OP_PROFILE_BACKEND = 'onnx-node-cpu';

const CLI_PATH = fileURLToPath(new URL('./cli.js', import.meta.url));
const DEFAULT_RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function reason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

function outputPaths(args: BenchArgs, date: string): { json: string[]; md: string[] } {
  if (args.out?.endsWith('.json')) return { json: [args.out], md: [args.out.replace(/\.json$/, '.md')] };
  const dir = args.out ?? DEFAULT_RESULTS_DIR;
  const stamp = date.replace(/[:.]/g, '-');
  const names = args.out ? [`bench-${stamp}`] : [`bench-${stamp}`, 'latest'];
  return { json: names.map((n) => join(dir, `${n}.json`)), md: names.map((n) => join(dir, `${n}.md`)) };
}

async function measureBackend(
  backend: string,
  inputs: readonly BenchInput[],
  args: BenchArgs,
  cases: CaseResult[],
): Promise<void> {
  for (const input of inputs) {
    log(`${backend} ${input.id}: ${args.runs} runs…`);
    const measurement = await runInChild<CaseMeasurement>(CLI_PATH, {
      task: 'case',
      backend,
      input,
      runs: args.runs,
      warm: { runs: args.warmRuns, ms: args.warmMs },
    });
    const cold = args.cold
      ? await runInChild<ColdMeasurement>(CLI_PATH, { task: 'cold', backend, input })
      : undefined;
    const result = summarizeCase(backend, input, measurement, cold);
    cases.push(result);
    log(
      `  median ${result.wall.median.toFixed(1)} ms, p90 ${result.wall.p90.toFixed(1)} ms, ${result.faces} faces`,
    );
  }
}

export async function runBench(args: BenchArgs): Promise<BenchReport> {
  const date = new Date().toISOString();
  const scratch = mkdtempSync(join(tmpdir(), 'mtcnn-bench-'));
  const cases: CaseResult[] = [];
  const peaks: PeakResult[] = [];
  const throughput: ThroughputResult[] = [];
  const skipped: SkippedBackend[] = [];
  const recognition: RecognitionResult[] = [];
  const memory: MemoryResult[] = [];
  let opProfile: BenchReport['opProfile'];
  let queue: QueueBenchResult | undefined;
  try {
    const allInputs = await prepareInputs(scratch, args.quick);
    let inputs = allInputs;
    // The peak-memory section: the largest frame and the large photos.
    const memoryInputs = args.memory
      ? [
          ...allInputs.filter((i) => i.id === '1920x1080'),
          ...(await prepareLargePhotos(scratch, args.inputs)),
        ].filter((i) => !args.inputs || args.inputs.includes(i.id))
      : [];
    const recognitionFrame = args.recognition ? await prepareRecognitionFrame(scratch) : undefined;
    if (args.inputs) inputs = inputs.filter((i) => args.inputs!.includes(i.id));
    const backends = BENCH_BACKENDS.map((b) => b.id).filter(
      (id) => !args.backends || args.backends.includes(id),
    );
    for (const backend of backends) {
      try {
        await measureBackend(backend, inputs, args, cases);
      } catch (error) {
        // A backend that cannot start (or dies) is reported, and the others still run.
        log(`${backend}: skipped: ${reason(error)}`);
        skipped.push({ backend, reason: reason(error) });
        continue;
      }
      if (args.peak) {
        log(`${backend}: peak…`);
        peaks.push(...(await runInChild<PeakResult[]>(CLI_PATH, { task: 'peak', backend, runs: PEAK_RUNS })));
      }
      for (const input of memoryInputs) {
        for (const minFaceSize of MEMORY_MIN_FACES) {
          log(`${backend} ${input.id}: peak memory at min face ${minFaceSize}…`);
          const result = await runInChild<MemoryResult>(CLI_PATH, {
            task: 'memory',
            backend,
            input,
            minFaceSize,
          });
          memory.push(result);
          log(
            `  ${result.peakMiB.toFixed(0)} MiB peak, ${result.beforeMiB.toFixed(0)} before: ` +
              `${result.perMegapixelMiB.toFixed(1)} MiB per megapixel`,
          );
        }
      }
      if (args.opProfile && backend === OP_PROFILE_BACKEND) {
        // The largest frame: where the most time goes.
        const input = inputs.filter((i) => i.kind === 'frame').at(-1) ?? inputs.at(-1);
        if (input) {
          log(`${backend}: onnxruntime profile on ${input.id}…`);
          const stages = await runInChild<StageOpProfile[]>(CLI_PATH, { task: 'ops', input });
          opProfile = { input: input.id, stages };
        }
      }
      if (recognitionFrame) {
        log(`${backend}: recognition…`);
        try {
          const result = await runInChild<RecognitionResult>(CLI_PATH, {
            task: 'recognition',
            backend,
            frame: recognitionFrame,
            runs: args.runs,
            warm: { runs: args.warmRuns, ms: args.warmMs },
          });
          recognition.push(result);
          log(
            `  ${result.batches.map((b) => `batch ${b.size}: ${b.embeddingsPerSecond.toFixed(0)}/s`).join(', ')}; ` +
              `${result.frame.input} detect + align + embed ${result.frame.wall.median.toFixed(1)} ms`,
          );
        } catch (error) {
          log(`${backend}: recognition skipped: ${reason(error)}`);
          skipped.push({ backend: `${backend} (recognition)`, reason: reason(error) });
        }
      }
      if (args.throughput) {
        log(`${backend}: many images…`);
        const photos = inputs.filter((i) => i.kind === 'photo');
        const rounds = args.quick ? QUICK_THROUGHPUT_ROUNDS : THROUGHPUT_ROUNDS;
        throughput.push(
          ...(await runInChild<ThroughputResult[]>(CLI_PATH, {
            task: 'throughput',
            backend,
            inputs: photos,
            rounds,
          })),
        );
      }
    }
    if (args.queue) {
      const result = await measureQueue(scratch, args.quick);
      if (typeof result === 'string') {
        log(`queue: skipped: ${result}`);
        skipped.push({ backend: 'queue', reason: result });
      } else {
        queue = result;
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const report: BenchReport = {
    version: 1,
    date,
    quick: args.quick,
    machine: describeMachine(),
    runs: args.runs,
    warm: { runs: args.warmRuns, ms: args.warmMs },
    cases,
    peaks,
    throughput,
    recognition,
    memory,
    ...(opProfile ? { opProfile } : {}),
    skipped,
    ...(queue ? { queue } : {}),
  };
  let markdown = renderMarkdown(report);
  if (args.compare) {
    const old = JSON.parse(readFileSync(args.compare, 'utf8')) as BenchReport;
    markdown += `\n${compareReports(old, report)}`;
  }
  const paths = outputPaths(args, date);
  for (const path of paths.json) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  }
  for (const path of paths.md) writeFileSync(path, markdown);
  process.stdout.write(markdown);
  log(`wrote ${[...paths.json, ...paths.md].join(', ')}`);
  return report;
}
