// A stage's trained weights on disk, apart from the checkpoints: <work>/weights.json (names, ONNX dims, offsets)
// and <work>/weights.f32 (the values, little-endian float32). What `fitStage` leaves when it finishes, and what
// an export reads without training again.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Initializer } from '@mtcnn/weights';

export interface WeightsFile {
  format: 'mtcnn-weights/1';
  stage: string;
  tensors: { name: string; dims: number[]; offset: number; length: number }[];
}

export class WeightsFileError extends Error {
  override readonly name = 'WeightsFileError';
}

export function weightsPaths(work: string): { json: string; data: string } {
  return { json: join(work, 'weights.json'), data: join(work, 'weights.f32') };
}

/** Writes the weights (data first, then the description that makes them a finished file). */
export function writeWeights(work: string, stage: string, weights: readonly Initializer[]): void {
  const paths = weightsPaths(work);
  const tensors: WeightsFile['tensors'] = [];
  let offset = 0;
  for (const w of weights) {
    tensors.push({ name: w.name, dims: [...w.dims], offset, length: w.data.length });
    offset += w.data.length;
  }
  const all = new Float32Array(offset);
  for (const [i, w] of weights.entries()) all.set(w.data, tensors[i]!.offset);
  writeFileSync(`${paths.data}.tmp`, new Uint8Array(all.buffer));
  renameSync(`${paths.data}.tmp`, paths.data);
  const file: WeightsFile = { format: 'mtcnn-weights/1', stage, tensors };
  writeFileSync(`${paths.json}.tmp`, `${JSON.stringify(file, null, 1)}\n`);
  renameSync(`${paths.json}.tmp`, paths.json);
}

/** Reads a finished weights file: the stage it is for and its initializers (ONNX names, dims, layouts). */
export function readWeights(work: string): { stage: string; initializers: Initializer[] } {
  const paths = weightsPaths(work);
  if (!existsSync(paths.json)) throw new WeightsFileError(`${work} has no trained weights (no weights.json)`);
  const file = JSON.parse(readFileSync(paths.json, 'utf8')) as WeightsFile;
  if (file.format !== 'mtcnn-weights/1')
    throw new WeightsFileError(`${paths.json}: unknown format ${file.format}`);
  const bytes = readFileSync(paths.data);
  const all = new Float32Array(bytes.length / 4);
  new Uint8Array(all.buffer).set(bytes.subarray(0, all.length * 4));
  const initializers = file.tensors.map((t) => {
    if (t.offset + t.length > all.length) throw new WeightsFileError(`${paths.data} is truncated`);
    return { name: t.name, dims: t.dims, data: all.slice(t.offset, t.offset + t.length) };
  });
  return { stage: file.stage, initializers };
}
