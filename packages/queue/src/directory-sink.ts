import { randomBytes } from 'node:crypto';
import { access, mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChunkManifest, ResultSink } from './sink.js';

/** Records sit in 256 subdirectories (the key's first two hex digits): millions of files in one do not list well. */
const SHARD_CHARS = 2;
export const CHUNKS_DIR = 'chunks';

export function recordPath(dir: string, key: string): string {
  return join(dir, key.slice(0, SHARD_CHARS), `${key}.json`);
}

export function chunkPath(dir: string, id: string): string {
  return join(dir, CHUNKS_DIR, `${id}.json`);
}

/** Writes `text` to a temporary name beside `path` and renames it into place: readers see all or nothing. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const dir = join(path, '..');
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text);
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/**
 * The default sink: `DIR/<k0k1>/<key>.json`, one JSON record per input, and `DIR/chunks/<id>.json`, one
 * manifest per finished chunk. Every file is written by rename, so a worker killed mid-write leaves at most a
 * dot-file behind, never half a record.
 */
export function directorySink(dir: string): ResultSink {
  return {
    async has(key) {
      try {
        await access(recordPath(dir, key));
        return true;
      } catch {
        return false;
      }
    },
    put: (key, record) => writeAtomically(recordPath(dir, key), `${JSON.stringify(record)}\n`),
    putChunk: (manifest) => writeAtomically(chunkPath(dir, manifest.id), `${JSON.stringify(manifest)}\n`),
  };
}

/** What {@link collectResults} found. */
export interface CollectedResults {
  /** One per input with a result, in the order the inputs were added (each input once). */
  readonly records: unknown[];
  /** Inputs of finished chunks whose record is missing (deleted since). */
  readonly missing: string[];
}

function compareOrder(a: ChunkManifest, b: ChunkManifest): number {
  return a.order[0] - b.order[0] || a.order[1] - b.order[1] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, 'utf8'));
}

/**
 * The records of a {@link directorySink} directory in input order: chunks by their `enqueue` call and index,
 * inputs within a chunk in order, an input added twice where it was first added. Records of chunks not yet
 * finished come last, sorted by key.
 */
export async function collectResults(dir: string): Promise<CollectedResults> {
  const manifests: ChunkManifest[] = [];
  const chunkFiles = await readdir(join(dir, CHUNKS_DIR)).catch(() => [] as string[]);
  for (const name of chunkFiles) {
    if (name.startsWith('.') || !name.endsWith('.json')) continue;
    manifests.push((await readJson(join(dir, CHUNKS_DIR, name))) as ChunkManifest);
  }
  manifests.sort(compareOrder);
  const records: unknown[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  for (const manifest of manifests) {
    for (const [i, key] of manifest.keys.entries()) {
      if (seen.has(key)) continue;
      seen.add(key);
      try {
        records.push(await readJson(recordPath(dir, key)));
      } catch {
        missing.push(manifest.inputs[i]!);
      }
    }
  }
  const rest: string[] = [];
  for (const shard of (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
    a.name < b.name ? -1 : 1,
  )) {
    if (!shard.isDirectory() || shard.name.length !== SHARD_CHARS) continue;
    for (const name of (await readdir(join(dir, shard.name))).sort()) {
      if (name.startsWith('.') || !name.endsWith('.json')) continue;
      const key = name.slice(0, -'.json'.length);
      if (!seen.has(key)) rest.push(key);
    }
  }
  for (const key of rest) records.push(await readJson(recordPath(dir, key)));
  return { records, missing };
}
