import { isMtcnnError } from '../../errors.js';
import { checkConcurrency } from './check-concurrency.js';
import { checkDetections } from './check-detections.js';
import { checkDispose } from './check-dispose.js';
import { checkMemoryFlat, type MemoryProbe } from './check-memory.js';
import { checkModelAgreement } from './check-models.js';
import { ConformanceFailure } from './failure.js';
import type { ConformanceReference } from './reference.js';
import { type ConformanceSubject, stagesOf } from './subject.js';

/** The checks every backend runs, in order. */
export const CONFORMANCE_CHECKS = [
  { name: 'models', title: '(a) each model agrees with the reference outputs' },
  { name: 'detections', title: '(b) full detection finds the reference faces' },
  { name: 'dispose', title: '(c) dispose releases every session; later calls throw DETECTOR_DISPOSED' },
  { name: 'concurrency', title: '(d) concurrent detect calls return what sequential calls return' },
  { name: 'memory', title: '(e) repeated detections keep memory flat' },
] as const;

export type ConformanceCheckName = (typeof CONFORMANCE_CHECKS)[number]['name'];

/** Everything a check needs where it runs. */
export interface ConformanceEnvironment {
  readonly subject: ConformanceSubject;
  readonly reference: ConformanceReference;
  /** Labels of the reference photos to detect in check (b). Default: all of them. */
  readonly photos?: readonly string[];
  /** How to measure memory here, or why it cannot be measured (check (e) is then skipped with that reason). */
  readonly memory: MemoryProbe | { readonly skip: string };
  /** Detections in the memory check. Default 200. */
  readonly memoryRuns?: number;
  /** Concurrent calls in the concurrency check. Default 10. */
  readonly concurrentCalls?: number;
}

/** How one check went, in a form that crosses process and page boundaries (plain JSON). */
export type CheckOutcome =
  | { readonly status: 'passed'; readonly summary: string; readonly metrics: object }
  | { readonly status: 'skipped'; readonly reason: string }
  | { readonly status: 'failed'; readonly message: string };

const fmt = (n: number, digits = 3) =>
  n === 0 ? '0' : Math.abs(n) < 1e-3 ? n.toExponential(2) : n.toFixed(digits);
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(2)} MiB`;

/**
 * Whether the subject's backends start here. Only BACKEND_UNAVAILABLE (no runtime, no adapter) makes a skip;
 * any other failure to load a model is a failure of the backend.
 */
export async function subjectAvailability(
  subject: ConformanceSubject,
): Promise<{ available: true } | { available: false; reason: string }> {
  const tried = new Set<string>();
  for (const stage of stagesOf(subject)) {
    if (tried.has(stage.backend!.name)) continue;
    tried.add(stage.backend!.name);
    try {
      const session = await stage.backend!.createSession(stage.model);
      await session.dispose();
    } catch (error) {
      if (isMtcnnError(error, 'BACKEND_UNAVAILABLE')) return { available: false, reason: error.message };
      throw error;
    }
  }
  return { available: true };
}

async function runCheck(name: ConformanceCheckName, env: ConformanceEnvironment): Promise<CheckOutcome> {
  const { subject, reference } = env;
  switch (name) {
    case 'models': {
      const r = await checkModelAgreement(subject, reference);
      const parts = Object.entries(r.maxAbs).map(([m, v]) => `${m} ${fmt(v)} (${r.runs[m]} runs)`);
      return {
        status: 'passed',
        summary: `max |Δ| vs ${reference.backend}: ${parts.join(', ')}; tolerance ${subject.tolerance.maxAbs}`,
        metrics: r,
      };
    }
    case 'detections': {
      const photos = env.photos
        ? reference.photos.filter((p) => env.photos!.includes(p.label))
        : reference.photos;
      const r = await checkDetections(subject, photos);
      return {
        status: 'passed',
        summary:
          `${r.faces} faces on ${photos.map((p) => p.label).join(', ')}: min IoU ${fmt(r.minIou, 5)}, ` +
          `max box Δ ${fmt(r.maxBoxPx)} px, max landmark Δ ${fmt(r.maxLandmarkPx)} px, max score Δ ${fmt(r.maxScoreDiff)}`,
        metrics: r,
      };
    }
    case 'dispose': {
      const r = await checkDispose(subject, reference);
      return {
        status: 'passed',
        summary: `${r.sessions} sessions released once each; ${r.refusedCalls} calls refused with DETECTOR_DISPOSED`,
        metrics: r,
      };
    }
    case 'concurrency': {
      const r = await checkConcurrency(subject, reference, env.concurrentCalls);
      return {
        status: 'passed',
        summary:
          `${r.calls} concurrent calls (${r.faces} faces) equal the sequential ones; ` +
          `sequential ${r.sequentialMs.toFixed(0)} ms, concurrent ${r.concurrentMs.toFixed(0)} ms`,
        metrics: r,
      };
    }
    case 'memory': {
      const probe = env.memory;
      if ('skip' in probe) return { status: 'skipped', reason: probe.skip };
      const r = await checkMemoryFlat(subject, reference, probe, env.memoryRuns);
      const parts = Object.entries(r.growth).map(
        ([m, g]) =>
          `${m} ${mib(g)} of ${mib(r.baseline[m]!)} (second half ${mib(r.secondHalfGrowth[m]!)}, bound ${mib(probe.bounds[m]!)})`,
      );
      return {
        status: 'passed',
        summary: `${r.runs} detections after ${r.warmupRuns} warm-up, ${probe.description}: growth ${parts.join(', ')}`,
        metrics: r,
      };
    }
  }
}

/** Runs one check and reports its outcome; failures become 'failed' outcomes rather than exceptions. */
export async function runConformanceCheck(
  name: ConformanceCheckName,
  env: ConformanceEnvironment,
): Promise<CheckOutcome> {
  try {
    return await runCheck(name, env);
  } catch (error) {
    const message =
      error instanceof ConformanceFailure
        ? error.message
        : error instanceof Error
          ? `${error.name}: ${error.message}\n${error.stack ?? ''}`
          : String(error);
    return { status: 'failed', message };
  }
}

/** Somewhere checks run: this process, or a browser page driven from it. */
export interface ConformanceTarget {
  /** Name in test titles, for example `onnx-node:cpu` or `onnx-web:webgpu in Chromium`. */
  readonly name: string;
  run(check: ConformanceCheckName): Promise<CheckOutcome>;
}

/**
 * A target that runs the checks in this process. The environment is made on first use; a subject whose
 * backend cannot start here makes every check skip with the reason.
 */
export function localConformanceTarget(
  name: string,
  environment: () => Promise<ConformanceEnvironment>,
): ConformanceTarget {
  let ready: Promise<{ env: ConformanceEnvironment } | { skip: string }> | undefined;
  const prepare = async () => {
    const env = await environment();
    const availability = await subjectAvailability(env.subject);
    return availability.available ? { env } : { skip: availability.reason };
  };
  return {
    name,
    async run(check) {
      ready ??= prepare();
      const state = await ready;
      if ('skip' in state) return { status: 'skipped', reason: state.skip };
      return runConformanceCheck(check, state.env);
    },
  };
}

/** The part of a test framework the suite needs (vitest, jest and mocha-likes fit), in the tfjs style. */
export interface ConformanceTestApi {
  describe(name: string, body: () => void): void;
  it(name: string, body: (context: { skip(note?: string): void }) => Promise<void>, timeout?: number): void;
}

export interface ConformanceSuiteOptions {
  /** Per-check time limits in milliseconds. */
  readonly timeouts?: Partial<Record<ConformanceCheckName, number>>;
  /** Only these checks. Default: all. */
  readonly checks?: readonly ConformanceCheckName[];
  /** Where measurements go. Default console.log. */
  readonly log?: (line: string) => void;
}

/**
 * Declares the conformance suite for one target with the given test API: one test per check, which passes,
 * fails with the check's message, or is skipped with the reason (a backend that cannot start here is never
 * reported as passed).
 */
export function defineConformanceSuite(
  api: ConformanceTestApi,
  target: ConformanceTarget,
  options: ConformanceSuiteOptions = {},
): void {
  const log = options.log ?? ((line: string) => console.log(line));
  api.describe(`conformance: ${target.name}`, () => {
    for (const check of CONFORMANCE_CHECKS) {
      if (options.checks && !options.checks.includes(check.name)) continue;
      api.it(
        check.title,
        async (context) => {
          const outcome = await target.run(check.name);
          if (outcome.status === 'skipped') {
            log(`[conformance] ${target.name} ${check.name}: SKIPPED (${outcome.reason})`);
            context.skip(outcome.reason);
            return;
          }
          if (outcome.status === 'failed')
            throw new ConformanceFailure(`${target.name} ${check.name}: ${outcome.message}`);
          log(`[conformance] ${target.name} ${check.name}: ${outcome.summary}`);
        },
        options.timeouts?.[check.name],
      );
    }
  });
}
