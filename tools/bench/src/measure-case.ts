// Measures one backend on one input, in a process of its own: loading, warm-up, first run, steady state.
import { createDetector, type Detector } from '@mtcnn/core';
import { benchBackend } from './backends.js';
import { type BenchInput, loadPixels, type RgbPixels } from './inputs.js';
import { benchStages } from './stages.js';
import { STANDARD_STAGES, type StandardStage } from './standard-stages.js';
import { RunMeter, timedBackend } from './timed-backend.js';
import type { RunSample, StageSample } from './types.js';

export interface CaseMeasurement {
  readonly loadMs: number;
  readonly warmupMs: number;
  readonly firstAfterWarmupMs: number;
  /** Runs discarded after the first one. */
  readonly discarded: number;
  readonly samples: RunSample[];
  readonly peakRssMiB: number;
}

export interface ColdMeasurement {
  readonly loadMs: number;
  readonly firstColdMs: number;
}

interface MeteredDetector {
  readonly detector: Detector;
  readonly meters: Record<StandardStage, RunMeter>;
}

async function createMetered(backendId: string): Promise<MeteredDetector> {
  const bench = benchBackend(backendId);
  const backend = await bench.create();
  const meters = { pnet: new RunMeter(), rnet: new RunMeter(), onet: new RunMeter() };
  const detector = await createDetector({
    stages: benchStages(bench, (stage) => timedBackend(backend, meters[stage])),
  });
  return { detector, meters };
}

async function sample({ detector, meters }: MeteredDetector, pixels: RgbPixels): Promise<RunSample> {
  for (const meter of Object.values(meters)) meter.reset();
  const started = performance.now();
  const detection = await detector.detectWithDetails(pixels);
  const wallMs = performance.now() - started;
  const stages: Partial<Record<StandardStage, StageSample>> = {};
  for (const name of STANDARD_STAGES) {
    const report = detection.timing.stages[name];
    if (!report) continue;
    stages[name] = { ...report, modelMs: meters[name].ms, calls: meters[name].calls };
  }
  return { wallMs, faces: detection.faces.length, stages };
}

function peakRssMiB(): number {
  // maxRSS is in kilobytes (KiB).
  return process.resourceUsage().maxRSS / 1024;
}

/** How long to run before measuring: at least `runs` runs, and for at least `ms`. */
export interface Warm {
  readonly runs: number;
  readonly ms: number;
}

/** Load, warm-up, first run after it, discarded runs (see Warm), then `runs` measured runs. */
export async function measureCase(
  backendId: string,
  input: BenchInput,
  runs: number,
  warm: Warm,
): Promise<CaseMeasurement> {
  const pixels = loadPixels(input);
  const loadStart = performance.now();
  const metered = await createMetered(backendId);
  const loadMs = performance.now() - loadStart;
  try {
    const warmupStart = performance.now();
    // Warm-up as the README advises for a stream of same-sized images: at their size.
    await metered.detector.warmup({ width: input.width, height: input.height });
    const warmupMs = performance.now() - warmupStart;
    const firstAfterWarmupMs = (await sample(metered, pixels)).wallMs;
    const warmStart = performance.now();
    let discarded = 0;
    while (discarded < warm.runs || performance.now() - warmStart < warm.ms) {
      await sample(metered, pixels);
      discarded++;
    }
    const samples: RunSample[] = [];
    for (let i = 0; i < runs; i++) samples.push(await sample(metered, pixels));
    return { loadMs, warmupMs, firstAfterWarmupMs, discarded, samples, peakRssMiB: peakRssMiB() };
  } finally {
    await metered.detector.dispose();
  }
}

/** A fresh detector's first detection, without warm-up: what a caller who skips warmup() pays. */
export async function measureCold(backendId: string, input: BenchInput): Promise<ColdMeasurement> {
  const pixels = loadPixels(input);
  const loadStart = performance.now();
  const metered = await createMetered(backendId);
  const loadMs = performance.now() - loadStart;
  try {
    return { loadMs, firstColdMs: (await sample(metered, pixels)).wallMs };
  } finally {
    await metered.detector.dispose();
  }
}
