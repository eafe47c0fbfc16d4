import { createHash } from 'node:crypto';

const KEY_HEX_CHARS = 32;

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The stable name of an input's result: 128 bits of the SHA-256 of the input string. */
export function resultKey(input: string): string {
  return sha256(input).slice(0, KEY_HEX_CHARS);
}

/**
 * The job id of a chunk, from its inputs alone: adding the same chunk again is a no-op. The `c` keeps the id
 * from being all digits, which BullMQ reserves for its own ids.
 */
export function chunkJobId(inputs: readonly string[]): string {
  return `c${sha256(JSON.stringify(inputs)).slice(0, KEY_HEX_CHARS)}`;
}

/** Redis keys kept beside BullMQ's for one queue: input counts and the per-second completion buckets. */
export function statKeys(prefix: string, queue: string) {
  const base = `${prefix}:${queue}:stats`;
  return {
    /** Inputs in all chunks ever added (each chunk once). */
    total: `${base}:total`,
    /** Inputs in completed chunks. */
    done: `${base}:done`,
    /** Ids of the chunks counted in `total`. */
    chunks: `${base}:chunks`,
    /** Ids of the chunks counted in `done`. */
    doneChunks: `${base}:done-chunks`,
    /** Inputs completed during one second (epoch seconds), kept a few minutes, for the rate. */
    second: (epochSecond: number) => `${base}:s:${epochSecond}`,
  };
}
