import { connectRedis, KEY_PREFIX, type QueueTarget, queueName } from './connection.js';
import { statKeys } from './keys.js';
import { loadBullmq } from './optional-deps.js';

/** The rate is inputs completed over this many past seconds (the current one, still filling, left out). */
export const RATE_WINDOW_S = 60;
const MS_PER_SECOND = 1000;

/** A queue at one moment: chunks by state, and inputs. */
export interface QueueStatus {
  readonly queue: string;
  /** Chunks waiting to be taken (delayed retries and rate-limited chunks included). */
  readonly waiting: number;
  /** Chunks being processed, or held by a worker that died and not yet found stalled. */
  readonly active: number;
  /** Chunks completed. */
  readonly completed: number;
  /** Chunks whose retries ran out: the dead-letter set (see retryFailed). */
  readonly failed: number;
  readonly inputs: {
    /** Inputs in every chunk ever added. */
    readonly total: number;
    /** Inputs in completed chunks. */
    readonly done: number;
  };
  /** Inputs per second over the last {@link RATE_WINDOW_S} s, all workers together. */
  readonly rate: number;
  /** Seconds until every input is done at that rate; null when nothing is moving. */
  readonly etaSeconds: number | null;
}

export async function queueStatus(target: QueueTarget): Promise<QueueStatus> {
  const name = queueName(target);
  const { Queue } = await loadBullmq();
  const connection = await connectRedis(target.redis, `mtcnn-status:${name}`);
  const queue = new Queue(name, { connection: connection.client, prefix: KEY_PREFIX });
  // Errors reach the caller through the commands; without a listener BullMQ prints them, unredacted.
  queue.on('error', () => undefined);
  try {
    const counts = await queue.getJobCounts(
      'waiting',
      'delayed',
      'prioritized',
      'active',
      'completed',
      'failed',
    );
    const keys = statKeys(KEY_PREFIX, name);
    const now = Math.floor(Date.now() / MS_PER_SECOND);
    const seconds = Array.from({ length: RATE_WINDOW_S }, (_, i) => keys.second(now - 1 - i));
    const [total, done, ...buckets] = await connection.client.mget(keys.total, keys.done, ...seconds);
    const recent = buckets.reduce((sum, v) => sum + Number(v ?? 0), 0);
    const inputs = { total: Number(total ?? 0), done: Math.min(Number(done ?? 0), Number(total ?? 0)) };
    const rate = recent / RATE_WINDOW_S;
    const left = inputs.total - inputs.done;
    return {
      queue: name,
      waiting: (counts.waiting ?? 0) + (counts.delayed ?? 0) + (counts.prioritized ?? 0),
      active: counts.active ?? 0,
      completed: counts.completed ?? 0,
      failed: counts.failed ?? 0,
      inputs,
      rate,
      etaSeconds: left === 0 ? 0 : rate > 0 ? left / rate : null,
    };
  } finally {
    await queue.close();
    await connection.close();
  }
}

/** Moves every failed chunk back to waiting, its attempts reset; returns how many. */
export async function retryFailed(target: QueueTarget): Promise<number> {
  const name = queueName(target);
  const { Queue } = await loadBullmq();
  const connection = await connectRedis(target.redis, `mtcnn-retry:${name}`);
  const queue = new Queue(name, { connection: connection.client, prefix: KEY_PREFIX });
  // Errors reach the caller through the commands; without a listener BullMQ prints them, unredacted.
  queue.on('error', () => undefined);
  try {
    const failed = await queue.getJobCountByTypes('failed');
    await queue.retryJobs({ state: 'failed' });
    return failed;
  } finally {
    await queue.close();
    await connection.close();
  }
}
