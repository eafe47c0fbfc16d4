// Turns one case's raw samples into the reported medians, arithmetic and rates.
import { cascadeArithmetic } from './cascade-arithmetic.js';
import type { BenchInput } from './inputs.js';
import type { CaseMeasurement, ColdMeasurement } from './measure-case.js';
import { STANDARD_STAGES, type StandardStage } from './standard-stages.js';
import { median, summarize } from './stats.js';
import type { CaseResult, StageSummary } from './types.js';

function stageSummary(measurement: CaseMeasurement, name: StandardStage): StageSummary | undefined {
  const samples = measurement.samples.map((s) => s.stages[name]).filter((s) => s !== undefined);
  if (samples.length === 0) return undefined;
  const pick = (f: (s: (typeof samples)[number]) => number) => median(samples.map(f));
  return {
    ms: pick((s) => s.ms),
    modelMs: pick((s) => s.modelMs),
    jsMs: pick((s) => s.ms - s.modelMs),
    calls: pick((s) => s.calls),
    candidatesIn: pick((s) => s.candidatesIn),
    candidatesOut: pick((s) => s.candidatesOut),
  };
}

export function summarizeCase(
  backend: string,
  input: BenchInput,
  measurement: CaseMeasurement,
  cold: ColdMeasurement | undefined,
): CaseResult {
  const stages: Partial<Record<StandardStage, StageSummary>> = {};
  for (const name of STANDARD_STAGES) {
    const summary = stageSummary(measurement, name);
    if (summary) stages[name] = summary;
  }
  const wall = summarize(measurement.samples.map((s) => s.wallMs));
  const otherJsMs = median(
    measurement.samples.map((s) => s.wallMs - Object.values(s.stages).reduce((a, st) => a + st.ms, 0)),
  );
  const arithmetic = cascadeArithmetic({
    width: input.width,
    height: input.height,
    rnetBatch: stages.rnet?.candidatesIn ?? 0,
    onetBatch: stages.onet?.candidatesIn ?? 0,
  });
  const modelMs = Object.values(stages).reduce((a, s) => a + s.modelMs, 0);
  const flop = 2 * arithmetic.total;
  return {
    backend,
    input: input.id,
    kind: input.kind,
    width: input.width,
    height: input.height,
    faces: median(measurement.samples.map((s) => s.faces)),
    loadMs: measurement.loadMs,
    ...(cold ? { firstColdMs: cold.firstColdMs } : {}),
    warmupMs: measurement.warmupMs,
    firstAfterWarmupMs: measurement.firstAfterWarmupMs,
    wall,
    stages,
    otherJsMs,
    arithmetic,
    gflops: { wall: flop / wall.median / 1e6, model: flop / modelMs / 1e6 },
    peakRssMiB: measurement.peakRssMiB,
  };
}
