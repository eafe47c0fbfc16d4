import type { DetectOptions, Face } from '@mtcnn/core';
import type { BackendId, BackendOption } from '../backends.js';
import type { StandardStage } from '../standard-stages.js';
import { type Agreement, agreement } from './agreement.js';
import { type RunSummary, summarizeRuns } from './stats.js';
import { TIMING_PARTS, type TimingPart } from './timing-parts.js';

/** What one backend produced in a comparison. */
export interface BackendRuns {
  readonly backend: BackendOption;
  /** Milliseconds to start the worker's runtime and create the three sessions. */
  readonly loadMs: number;
  /** Milliseconds per part, one entry per run, first run first. */
  readonly runs: readonly Partial<Record<TimingPart, number>>[];
  /** Candidates left after each stage (the same every run: the input does not change). */
  readonly candidates: Partial<Record<StandardStage, number>>;
  /** Faces of every run, first run first. */
  readonly faces: readonly (readonly Face[])[];
  /** Set when the backend failed; the other fields then hold what was measured before. */
  readonly error?: string;
}

export interface BackendReport {
  readonly id: BackendId;
  readonly label: string;
  readonly note: string;
  readonly loadMs: number;
  readonly error?: string;
  readonly summary: Partial<Record<TimingPart, RunSummary>>;
  readonly candidates: Partial<Record<StandardStage, number>>;
  readonly runs: readonly Partial<Record<TimingPart, number>>[];
  /** The last run's faces. */
  readonly faces: readonly Face[];
  /** Every run found the same faces as the first (within the agreement tolerance). */
  readonly stableAcrossRuns: boolean;
  /** Against the reference backend (absent for the reference itself and for failed backends). */
  readonly agreement?: Agreement;
}

/** The whole comparison, as shown and as downloaded. */
export interface CompareReport {
  readonly kind: 'mtcnn-playground-compare';
  readonly createdAt: string;
  readonly environment: {
    readonly userAgent: string;
    readonly crossOriginIsolated: boolean;
    readonly hardwareConcurrency: number;
  };
  readonly image: { readonly name: string; readonly width: number; readonly height: number };
  readonly options: DetectOptions;
  readonly runsPerBackend: number;
  /** The backend every other one is compared with: the first that ran without error. */
  readonly referenceBackend?: BackendId;
  readonly backends: readonly BackendReport[];
}

export interface CompareInput {
  readonly createdAt: Date;
  readonly environment: CompareReport['environment'];
  readonly image: CompareReport['image'];
  readonly options: DetectOptions;
  readonly runsPerBackend: number;
  readonly results: readonly BackendRuns[];
}

function summarize(runs: BackendRuns['runs']): Partial<Record<TimingPart, RunSummary>> {
  const summary: Partial<Record<TimingPart, RunSummary>> = {};
  for (const part of TIMING_PARTS) {
    const s = summarizeRuns(runs.map((r) => r[part]));
    if (s) summary[part] = s;
  }
  return summary;
}

/** Summaries per backend and part, and each backend's agreement with the reference backend. */
export function buildCompareReport(input: CompareInput): CompareReport {
  const reference = input.results.find((r) => !r.error && r.faces.length > 0);
  const referenceFaces = reference?.faces.at(-1) ?? [];
  return {
    kind: 'mtcnn-playground-compare',
    createdAt: input.createdAt.toISOString(),
    environment: input.environment,
    image: input.image,
    options: input.options,
    runsPerBackend: input.runsPerBackend,
    ...(reference ? { referenceBackend: reference.backend.id } : {}),
    backends: input.results.map((r) => {
      const faces = r.faces.at(-1) ?? [];
      const first = r.faces[0] ?? [];
      return {
        id: r.backend.id,
        label: r.backend.label,
        note: r.backend.note,
        loadMs: r.loadMs,
        ...(r.error ? { error: r.error } : {}),
        summary: summarize(r.runs),
        candidates: r.candidates,
        runs: r.runs,
        faces,
        stableAcrossRuns: r.faces.every((f) => agreement(first, f).full),
        ...(reference && r !== reference && !r.error ? { agreement: agreement(referenceFaces, faces) } : {}),
      };
    }),
  };
}
