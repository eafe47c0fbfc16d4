// Where inference time goes inside onnxruntime-node's CPU provider: each model run on the inputs it really
// gets for one image (captured from a detection), with onnxruntime's own profiler, summed by operator kind.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Backend, createDetector, type ModelForms, type Session } from '@mtcnn/core';
import type { Tensor } from '@mtcnn/core/backend-kit';
import * as ort from 'onnxruntime-node';
import { benchBackend } from './backends.js';
import { type BenchInput, loadPixels } from './inputs.js';
import { benchStages } from './stages.js';
import type { StandardStage } from './standard-stages.js';

/** Profiled runs per model, after a first run that is left out (it allocates). */
const PROFILE_RUNS = 10;

/** The fields of onnxruntime's Chrome-trace profile events that we read (times in microseconds). */
interface ProfileEvent {
  readonly cat: string;
  readonly name: string;
  readonly ts: number;
  readonly dur: number;
  readonly args?: { readonly op_name?: string };
}

export interface OpShare {
  readonly op: string;
  readonly ms: number;
}

export interface StageOpProfile {
  readonly stage: StandardStage;
  /** The model form profiled: the portable graph, or the nchwc form the CPU backend loads on x86-64. */
  readonly form: 'portable' | 'nchwc';
  /** The captured input: P-Net's largest pyramid level, the R-Net and O-Net batches. */
  readonly inputDims: readonly number[];
  /** Mean per run, by operator kind, largest first. */
  readonly ops: OpShare[];
  readonly totalMs: number;
}

/** Operator kinds as reported: layout conversions of the NCHWc optimisation are one kind. */
function kind(op: string): string {
  return op.startsWith('Reorder') ? 'Reorder (NCHWc layout)' : op;
}

/** A backend that remembers each session's largest input (one run per P-Net scale; keep the biggest). */
function capturing(backend: Backend, into: Map<StandardStage, Tensor>, stage: StandardStage): Backend {
  return {
    name: backend.name,
    async createSession(model) {
      const inner: Session = await backend.createSession(model);
      return {
        inputNames: inner.inputNames,
        outputNames: inner.outputNames,
        dispose: () => inner.dispose(),
        run(feeds) {
          const input = Object.values(feeds)[0]!;
          const seen = into.get(stage);
          if (!seen || input.data.length > seen.data.length) {
            into.set(stage, { data: input.data.slice(), dims: [...input.dims] });
          }
          return inner.run(feeds);
        },
      };
    },
  };
}

async function captureInputs(input: BenchInput): Promise<Map<StandardStage, Tensor>> {
  const bench = benchBackend('onnx-node-cpu');
  const backend = await bench.create();
  const captured = new Map<StandardStage, Tensor>();
  const detector = await createDetector({
    stages: benchStages(bench, (stage) => capturing(backend, captured, stage)),
  });
  try {
    await detector.detect(loadPixels(input));
  } finally {
    await detector.dispose();
  }
  return captured;
}

async function profileModel(model: URL, input: Tensor, dir: string): Promise<Map<string, number>> {
  const prefix = join(dir, `profile-${Date.now()}`);
  const session = await ort.InferenceSession.create(fileURLToPath(model), {
    enableProfiling: true,
    profileFilePrefix: prefix,
  });
  const feeds = { input: new ort.Tensor('float32', input.data, input.dims) };
  for (let i = 0; i <= PROFILE_RUNS; i++) await session.run(feeds);
  session.endProfiling();
  await session.release();
  const file = readdirSync(dir).find((f) => join(dir, f).startsWith(prefix));
  if (!file) throw new Error('onnxruntime wrote no profile');
  const events = JSON.parse(readFileSync(join(dir, file), 'utf8')) as ProfileEvent[];
  // Each kernel belongs to the model run whose interval holds it; the first run (allocation) is dropped.
  const runs = events
    .filter((e) => e.cat === 'Session' && e.name === 'model_run')
    .map((e) => [e.ts, e.ts + e.dur] as const)
    .sort((x, y) => x[0] - y[0]);
  const firstRunEnd = runs[0]?.[1] ?? 0;
  const totals = new Map<string, number>();
  for (const e of events) {
    if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time') || e.ts <= firstRunEnd) continue;
    const op = kind(e.args?.op_name ?? 'unknown');
    totals.set(op, (totals.get(op) ?? 0) + e.dur / 1000);
  }
  const counted = Math.max(1, runs.length - 1);
  return new Map([...totals].map(([op, ms]) => [op, ms / counted]));
}

export async function profileOps(input: BenchInput): Promise<StageOpProfile[]> {
  const { PNET_MODEL } = await import('@mtcnn/pnet');
  const { RNET_MODEL } = await import('@mtcnn/rnet');
  const { ONET_MODEL } = await import('@mtcnn/onet');
  const models: Record<StandardStage, ModelForms> = { pnet: PNET_MODEL, rnet: RNET_MODEL, onet: ONET_MODEL };
  const captured = await captureInputs(input);
  const dir = mkdtempSync(join(tmpdir(), 'mtcnn-ort-profile-'));
  try {
    const profiles: StageOpProfile[] = [];
    for (const [stage, tensor] of captured) {
      for (const form of ['portable', 'nchwc'] as const) {
        const perOp = await profileModel(models[stage][form] as URL, tensor, dir);
        const ops = [...perOp].map(([op, ms]) => ({ op, ms })).sort((a, b) => b.ms - a.ms);
        profiles.push({
          stage,
          form,
          inputDims: tensor.dims,
          ops,
          totalMs: ops.reduce((a, o) => a + o.ms, 0),
        });
      }
    }
    return profiles;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
