// TensorFlow.js weights: a manifest (JSON) of groups, each naming its binary shard files and the tensors packed
// into them back to back, in order. Our own reader, written from the format (tfjs-core io/io_utils.ts
// decodeWeights), so the conversion does not depend on tfjs.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** How a tensor's values are stored when quantised: `value = q × scale + min` for integer codes q. */
export interface WeightQuantization {
  dtype: 'uint8' | 'uint16' | 'float16';
  scale?: number;
  min?: number;
}

/** One tensor of a weights group, as the manifest describes it. */
export interface WeightEntry {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: WeightQuantization;
}

/** A group: shard files concatenated in order hold its tensors' bytes in entry order. */
export interface WeightsGroup {
  paths: string[];
  weights: WeightEntry[];
}

export type WeightsManifest = WeightsGroup[];

/** A decoded tensor: float32 values in the manifest's (row-major) shape. */
export interface DecodedWeight {
  name: string;
  shape: number[];
  data: Float32Array;
  /** The quantisation it was stored with, if any. */
  quantization?: WeightQuantization;
}

const QUANTIZED_BYTES: Record<string, number> = { uint8: 1, uint16: 2 };

function fail(message: string): never {
  throw new Error(`tfjs weights: ${message}`);
}

/** Parses and checks a weights manifest (JSON text or the parsed value). */
export function parseWeightsManifest(json: string | unknown): WeightsManifest {
  const value: unknown = typeof json === 'string' ? JSON.parse(json) : json;
  if (!Array.isArray(value)) fail('the manifest is not a list of groups');
  return value.map((group: unknown, g) => {
    const { paths, weights } = (group ?? {}) as Partial<WeightsGroup>;
    if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string')) {
      fail(`group ${g} has no list of shard paths`);
    }
    if (!Array.isArray(weights)) fail(`group ${g} has no list of weights`);
    for (const w of weights) {
      if (typeof w?.name !== 'string') fail(`group ${g} has a weight without a name`);
      if (!Array.isArray(w.shape) || !w.shape.every((d) => Number.isInteger(d) && d >= 0)) {
        fail(`"${w.name}" has an invalid shape`);
      }
    }
    return { paths, weights };
  });
}

function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Bytes a tensor takes in its shard: its quantised code size, else its dtype's. */
function storedBytes(entry: WeightEntry): number {
  const count = elementCount(entry.shape);
  const q = entry.quantization;
  if (q !== undefined) {
    const size = QUANTIZED_BYTES[q.dtype];
    if (size === undefined)
      fail(`"${entry.name}": quantisation ${q.dtype} is not supported (uint8, uint16 are)`);
    return count * size;
  }
  if (entry.dtype !== 'float32') fail(`"${entry.name}": dtype ${entry.dtype} is not supported (float32 is)`);
  return count * 4;
}

function decodeEntry(entry: WeightEntry, bytes: Uint8Array): DecodedWeight {
  const count = elementCount(entry.shape);
  const data = new Float32Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const q = entry.quantization;
  if (q === undefined) {
    // tfjs reads the shard as a Float32Array, i.e. little-endian on every platform it runs on.
    for (let i = 0; i < count; i++) data[i] = view.getFloat32(4 * i, true);
    return { name: entry.name, shape: [...entry.shape], data };
  }
  if (entry.dtype !== 'float32')
    fail(`"${entry.name}": quantised ${entry.dtype} is not supported (float32 is)`);
  const { scale, min } = q;
  if (typeof scale !== 'number' || typeof min !== 'number')
    fail(`"${entry.name}": quantisation lacks scale or min`);
  // As tfjs: q * scale + min in double precision, stored into a Float32Array (one rounding).
  if (q.dtype === 'uint8') {
    for (let i = 0; i < count; i++) data[i] = bytes[i]! * scale + min;
  } else {
    for (let i = 0; i < count; i++) data[i] = view.getUint16(2 * i, true) * scale + min;
  }
  return { name: entry.name, shape: [...entry.shape], data, quantization: { ...q } };
}

/**
 * Decodes every tensor of a manifest, in manifest order, from its groups' shard bytes (`readShard(path)` gives a
 * shard's bytes by the path the manifest names). Throws when a group's shards are shorter or longer than its
 * tensors, or a name repeats.
 */
export function decodeWeights(
  manifest: WeightsManifest,
  readShard: (path: string) => Uint8Array,
): Map<string, DecodedWeight> {
  const out = new Map<string, DecodedWeight>();
  for (const [g, group] of manifest.entries()) {
    const shards = group.paths.map(readShard);
    const buffer = new Uint8Array(shards.reduce((n, s) => n + s.length, 0));
    let at = 0;
    for (const s of shards) {
      buffer.set(s, at);
      at += s.length;
    }
    let offset = 0;
    for (const entry of group.weights) {
      const size = storedBytes(entry);
      if (offset + size > buffer.length) {
        fail(
          `group ${g}: "${entry.name}" needs bytes ${offset}..${offset + size}, the shards hold ${buffer.length}`,
        );
      }
      if (out.has(entry.name)) fail(`"${entry.name}" appears twice`);
      out.set(entry.name, decodeEntry(entry, buffer.subarray(offset, offset + size)));
      offset += size;
    }
    if (offset !== buffer.length)
      fail(`group ${g}: the tensors take ${offset} bytes, the shards hold ${buffer.length}`);
  }
  return out;
}

/** Reads a manifest file and its shards (paths relative to the manifest's folder) and decodes every tensor. */
export function readTfjsWeights(manifestPath: string): {
  manifest: WeightsManifest;
  weights: Map<string, DecodedWeight>;
} {
  const manifest = parseWeightsManifest(readFileSync(manifestPath, 'utf8'));
  const dir = dirname(manifestPath);
  const weights = decodeWeights(manifest, (path) => new Uint8Array(readFileSync(join(dir, path))));
  return { manifest, weights };
}
