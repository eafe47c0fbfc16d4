import { connectRedis, KEY_PREFIX, type QueueTarget, queueName } from './connection.js';
import { QueueError } from './errors.js';
import { chunkJobId, statKeys } from './keys.js';
import { loadBullmq } from './optional-deps.js';

/** What a chunk job carries. */
export interface ChunkData {
  readonly inputs: readonly string[];
  /** [when its enqueue call started, its index in that call]: the order `collect` restores. */
  readonly order: readonly [number, number];
}

export const DEFAULT_CHUNK_SIZE = 16;
/** Infrastructure failures (a sink that cannot write, a lost lock) are retried this many times in all… */
export const DEFAULT_ATTEMPTS = 5;
/** …after 1, 2, 4, 8 s: long enough for a full disk to be cleared or a storage hiccup to pass. */
export const DEFAULT_BACKOFF_MS = 1000;
/** Jobs are added to Redis this many at a time. */
const ADD_BATCH = 1000;

export interface EnqueueOptions extends QueueTarget {
  /** Inputs per job (default {@link DEFAULT_CHUNK_SIZE}). */
  readonly chunkSize?: number;
  readonly attempts?: number;
  readonly backoffMs?: number;
}

export interface EnqueueResult {
  readonly inputs: number;
  readonly chunks: number;
  /** Chunks that were not in the queue before (the rest were there already: adding them was a no-op). */
  readonly added: number;
}

function positiveInteger(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new QueueError('INVALID_OPTION', `${what} must be an integer ≥ 1, got ${value}`);
  }
  return value;
}

/**
 * Adds `inputs` (paths or file:/http(s): URLs, as the worker's processor reads them) in chunks. Each chunk's job
 * id comes from its inputs, so adding the same list again adds nothing; the worker also skips inputs whose
 * result exists, so an overlapping list costs little.
 */
export async function enqueue(inputs: readonly string[], options: EnqueueOptions): Promise<EnqueueResult> {
  const name = queueName(options);
  const chunkSize = positiveInteger(options.chunkSize ?? DEFAULT_CHUNK_SIZE, 'chunkSize');
  const attempts = positiveInteger(options.attempts ?? DEFAULT_ATTEMPTS, 'attempts');
  const backoffMs = positiveInteger(options.backoffMs ?? DEFAULT_BACKOFF_MS, 'backoffMs');
  const { Queue } = await loadBullmq();
  const connection = await connectRedis(options.redis, `mtcnn-add:${name}`);
  const queue = new Queue<ChunkData>(name, { connection: connection.client, prefix: KEY_PREFIX });
  // Errors reach the caller through the commands; without a listener BullMQ prints them, unredacted.
  queue.on('error', () => undefined);
  const keys = statKeys(KEY_PREFIX, name);
  const started = Date.now();
  let chunks = 0;
  let added = 0;
  try {
    const all: { id: string; data: ChunkData }[] = [];
    for (let i = 0; i < inputs.length; i += chunkSize) {
      const chunk = inputs.slice(i, i + chunkSize);
      all.push({ id: chunkJobId(chunk), data: { inputs: chunk, order: [started, all.length] } });
    }
    chunks = all.length;
    for (let i = 0; i < all.length; i += ADD_BATCH) {
      const batch = all.slice(i, i + ADD_BATCH);
      await queue.addBulk(
        batch.map(({ id, data }) => ({
          name: 'chunk',
          data,
          opts: { jobId: id, attempts, backoff: { type: 'exponential', delay: backoffMs } },
        })),
      );
      // Counted after the jobs exist: a crash in between is mended by adding again.
      const pipeline = connection.client.pipeline();
      for (const { id } of batch) pipeline.sadd(keys.chunks, id);
      const replies = (await pipeline.exec()) ?? [];
      let newInputs = 0;
      replies.forEach(([error, reply], k) => {
        if (error) throw error;
        if (reply === 1) {
          added++;
          newInputs += batch[k]!.data.inputs.length;
        }
      });
      if (newInputs > 0) await connection.client.incrby(keys.total, newInputs);
    }
  } finally {
    await queue.close();
    await connection.close();
  }
  return { inputs: inputs.length, chunks, added };
}
