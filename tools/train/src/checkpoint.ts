// Checkpoints: after every epoch, the weights (ONNX layouts), the momentum, the random generator's state and
// the curves so far, in <work>/checkpoints/epoch-NNNN/. A resumed run restarts from the last one exactly where
// an uninterrupted run stood at that epoch's end.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Initializer } from '@mtcnn/weights';
import type { Curves } from './curves-data.js';
import type { RandomState } from './random.js';

export interface CheckpointState {
  format: 'mtcnn-checkpoint/1';
  /** Epochs finished. */
  epoch: number;
  /** Steps finished. */
  step: number;
  random: RandomState;
  /** What the run was started with: a resume with other settings is refused. */
  run: { stage: string; samples: number; batchSize: number; seed: number; init: string };
  /** Seconds spent in training steps, and samples they processed (for samples/s across resumes). */
  stepSeconds: number;
  stepSamples: number;
  /** Wall-clock seconds of the run so far. */
  seconds: number;
  curves: Curves;
}

export interface Checkpoint {
  state: CheckpointState;
  weights: Initializer[];
  /** Momentum per weight, same names and layouts. */
  momentum: Initializer[];
}

export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';
}

interface TensorEntry {
  group: 'weights' | 'momentum';
  name: string;
  dims: number[];
  /** Offset in floats into tensors.f32. */
  offset: number;
  length: number;
}

const PREFIX = 'epoch-';

export function checkpointsDir(work: string): string {
  return join(work, 'checkpoints');
}

/** Writes a checkpoint through a temporary folder renamed into place: a crash never leaves half of one. */
export function saveCheckpoint(work: string, checkpoint: Checkpoint): string {
  const root = checkpointsDir(work);
  mkdirSync(root, { recursive: true });
  const dir = join(root, `${PREFIX}${String(checkpoint.state.epoch).padStart(4, '0')}`);
  const tmp = `${dir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  const entries: TensorEntry[] = [];
  let offset = 0;
  for (const group of ['weights', 'momentum'] as const) {
    for (const t of checkpoint[group]) {
      entries.push({ group, name: t.name, dims: t.dims, offset, length: t.data.length });
      offset += t.data.length;
    }
  }
  const all = new Float32Array(offset);
  for (const e of entries) {
    all.set(checkpoint[e.group].find((t) => t.name === e.name)!.data, e.offset);
  }
  writeFileSync(join(tmp, 'tensors.f32'), new Uint8Array(all.buffer));
  writeFileSync(join(tmp, 'state.json'), `${JSON.stringify({ ...checkpoint.state, tensors: entries })}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return dir;
}

export function readCheckpoint(dir: string): Checkpoint {
  const { tensors, ...state } = JSON.parse(
    readFileSync(join(dir, 'state.json'), 'utf8'),
  ) as CheckpointState & {
    tensors: TensorEntry[];
  };
  if (state.format !== 'mtcnn-checkpoint/1')
    throw new CheckpointError(`${dir}: unknown format ${state.format}`);
  const bytes = readFileSync(join(dir, 'tensors.f32'));
  const all = new Float32Array(bytes.length / 4);
  new Uint8Array(all.buffer).set(bytes);
  const group = (g: TensorEntry['group']) =>
    tensors
      .filter((e) => e.group === g)
      .map((e) => {
        if (e.offset + e.length > all.length) throw new CheckpointError(`${dir}: tensors.f32 is truncated`);
        return { name: e.name, dims: e.dims, data: all.slice(e.offset, e.offset + e.length) };
      });
  return { state, weights: group('weights'), momentum: group('momentum') };
}

/** The folder of the last finished checkpoint, or undefined. */
export function latestCheckpointDir(work: string): string | undefined {
  const root = checkpointsDir(work);
  if (!existsSync(root)) return undefined;
  const done = readdirSync(root)
    .filter((d) => d.startsWith(PREFIX) && !d.endsWith('.tmp') && existsSync(join(root, d, 'state.json')))
    .sort();
  return done.length ? join(root, done[done.length - 1]!) : undefined;
}

export function latestCheckpoint(work: string): Checkpoint | undefined {
  const dir = latestCheckpointDir(work);
  return dir ? readCheckpoint(dir) : undefined;
}
