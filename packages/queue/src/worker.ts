import type { Job } from 'bullmq';
import { connectRedis, KEY_PREFIX, type QueueTarget, queueName } from './connection.js';
import type { ChunkData } from './enqueue.js';
import { QueueError } from './errors.js';
import { resultKey, statKeys } from './keys.js';
import { loadBullmq } from './optional-deps.js';
import { redact } from './redis-url.js';
import type { ResultSink } from './sink.js';

/** What the processor is told beside the input. */

/** Counts a finished chunk's inputs in `done` and in the current second's bucket, unless its id was counted. */
const COUNT_DONE_SCRIPT = `
if redis.call('SADD', KEYS[1], ARGV[1]) == 1 then
  redis.call('INCRBY', KEYS[2], ARGV[2])
  redis.call('INCRBY', KEYS[3], ARGV[2])
  redis.call('EXPIRE', KEYS[3], ARGV[3])
end
return 0`;
export interface InputContext {
  /** The input's result key (a stable hash of it): a name for files the processor writes beside the record. */
  readonly key: string;
}

/**
 * Turns one input into its record. It must return a record for a bad input (an error record) rather than
 * throw: a throw means the infrastructure failed, and the whole chunk is retried with backoff.
 */
export type InputProcessor = (input: string, context: InputContext) => Promise<unknown>;

export interface QueueWorkerOptions extends QueueTarget {
  readonly processor: InputProcessor;
  readonly sink: ResultSink;
  /** Chunks in progress at once in this process (default 1); each chunk's inputs go one after another. */
  readonly concurrency?: number;
  /** At most `max` chunks per `durationMs`, across every worker of the queue (BullMQ's rate limiter). */
  readonly limiter?: { readonly max: number; readonly durationMs: number };
  /** How long a chunk's lock lasts unrenewed: a dead worker's chunk is redone this long after (default 30 s). */
  readonly lockDurationMs?: number;
  /** How often this worker looks for chunks whose lock expired (default 30 s). */
  readonly stalledIntervalMs?: number;
  /** A chunk found stalled more often than this fails (default 3: a chunk that kills its worker each time). */
  readonly maxStalledCount?: number;
  /** Stop by itself once nothing is waiting, delayed or active in the queue. */
  readonly untilEmpty?: boolean;
  /** Progress and trouble, one line each, credentials redacted. */
  readonly log?: (line: string) => void;
}

export interface WorkerSummary {
  /** Chunks this worker completed. */
  readonly chunks: number;
  /** Inputs it processed (a record written). */
  readonly processed: number;
  /** Inputs it found done already (a record existed). */
  readonly skipped: number;
  /** Chunks it handed back when told to stop. */
  readonly handedBack: number;
}

export interface QueueWorker {
  /** Settles when the worker has stopped: after {@link stop}, or when the queue is empty with `untilEmpty`. */
  readonly done: Promise<WorkerSummary>;
  /**
   * Stops taking chunks; a chunk in progress is handed back to the queue after the input in hand (its
   * finished inputs keep their records, so whoever takes it skips them). Resolves when stopped.
   */
  stop(): Promise<WorkerSummary>;
}

const DEFAULT_LOCK_MS = 30_000;
const DEFAULT_STALLED_MS = 30_000;
const DEFAULT_MAX_STALLED = 3;
const EMPTY_POLL_MS = 1000;
/** The per-second completion buckets outlive the status command's rate window. */
const SECOND_BUCKET_TTL_S = 600;
const MS_PER_SECOND = 1000;

function positiveInteger(value: number | undefined, fallback: number, what: string): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 1)
    throw new QueueError('INVALID_OPTION', `${what} must be an integer ≥ 1, got ${v}`);
  return v;
}

/**
 * Starts a worker: it takes chunks from the queue, runs `processor` on each input whose result is not in the
 * sink yet, writes each record, and marks the chunk done. One per process is the rule (the processor holds a
 * detector); run more processes, on more machines, to go faster. Rejects with REDIS_UNAVAILABLE when Redis
 * cannot be reached at startup; once running, it rides out Redis restarts.
 */
export async function startWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  const name = queueName(options);
  const concurrency = positiveInteger(options.concurrency, 1, 'concurrency');
  const lockDuration = positiveInteger(options.lockDurationMs, DEFAULT_LOCK_MS, 'lockDurationMs');
  const stalledInterval = positiveInteger(options.stalledIntervalMs, DEFAULT_STALLED_MS, 'stalledIntervalMs');
  const maxStalledCount = positiveInteger(options.maxStalledCount, DEFAULT_MAX_STALLED, 'maxStalledCount');
  if (options.limiter) {
    positiveInteger(options.limiter.max, 1, 'limiter.max');
    positiveInteger(options.limiter.durationMs, 1, 'limiter.durationMs');
  }
  const log = options.log ?? (() => undefined);
  const { Worker, Queue, WaitingError } = await loadBullmq();
  const connection = await connectRedis(options.redis, `mtcnn-work:${name}:${process.pid}`);
  const { client, target } = connection;
  const keys = statKeys(KEY_PREFIX, name);
  const summary = { chunks: 0, processed: 0, skipped: 0, handedBack: 0 };
  let stopping = false;

  let lostSince: number | undefined;
  client.on('error', (error: Error) => {
    if (lostSince === undefined && !stopping) {
      lostSince = Date.now();
      log(
        `lost the connection to Redis at ${target.display} (${redact(error.message, target)}); reconnecting`,
      );
    }
  });
  client.on('ready', () => {
    if (lostSince !== undefined)
      log(`reconnected to Redis after ${((Date.now() - lostSince) / MS_PER_SECOND).toFixed(1)} s`);
    lostSince = undefined;
  });

  const processChunk = async (
    job: Job<ChunkData>,
    token?: string,
  ): Promise<{ processed: number; skipped: number }> => {
    const { inputs, order } = job.data;
    const resultKeys = inputs.map(resultKey);
    let processed = 0;
    let skipped = 0;
    for (const [i, input] of inputs.entries()) {
      if (stopping) {
        await job.moveToWait(token);
        summary.handedBack++;
        throw new WaitingError();
      }
      const key = resultKeys[i]!;
      if (await options.sink.has(key)) {
        skipped++;
      } else {
        const record = await options.processor(input, { key });
        await options.sink.put(key, record);
        processed++;
      }
      await job.updateProgress(Math.round((100 * (i + 1)) / inputs.length));
    }
    await options.sink.putChunk({ id: job.id!, order, inputs, keys: resultKeys });
    // Counted here, before BullMQ marks the chunk completed, and once per chunk id: a count sent after completion
    // was lost when the process ended first (a kill, or a stop right after the last chunk), and a chunk redone
    // after its worker died between counting and completing must not count twice.
    await client.eval(
      COUNT_DONE_SCRIPT,
      3,
      keys.doneChunks,
      keys.done,
      keys.second(Math.floor(Date.now() / MS_PER_SECOND)),
      job.id!,
      inputs.length,
      SECOND_BUCKET_TTL_S,
    );
    return { processed, skipped };
  };

  const worker = new Worker<ChunkData>(name, processChunk, {
    connection: client,
    prefix: KEY_PREFIX,
    concurrency,
    lockDuration,
    stalledInterval,
    maxStalledCount,
    ...(options.limiter
      ? { limiter: { max: options.limiter.max, duration: options.limiter.durationMs } }
      : {}),
    autorun: false,
  });
  worker.on('error', (error) => {
    if (!stopping) log(`worker: ${redact(error.message, target)}`);
  });
  worker.on('failed', (job, error) => {
    if (!job || error.name === 'WaitingError') return;
    const attempts = job.opts.attempts ?? 1;
    const final = job.attemptsMade >= attempts;
    log(
      `chunk ${job.id} failed (attempt ${job.attemptsMade} of ${attempts}): ${redact(error.message, target)}` +
        (final ? '; it is in the failed set (mtcnn queue retry-failed)' : '; retrying with backoff'),
    );
  });
  worker.on('stalled', (jobId) => {
    log(`chunk ${jobId} stalled (its worker stopped renewing the lock: killed?); back in the queue`);
  });
  worker.on('completed', (_job, result: { processed: number; skipped: number }) => {
    summary.chunks++;
    summary.processed += result.processed;
    summary.skipped += result.skipped;
  });

  let resolveDone!: (summary: WorkerSummary) => void;
  let rejectDone!: (error: unknown) => void;
  const done = new Promise<WorkerSummary>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });
  let stopped: Promise<WorkerSummary> | undefined;
  let emptyTimer: NodeJS.Timeout | undefined;
  const stop = (): Promise<WorkerSummary> => {
    stopped ??= (async () => {
      stopping = true;
      if (emptyTimer) clearInterval(emptyTimer);
      try {
        await worker.close();
        await queue?.close();
      } finally {
        await connection.close();
      }
      const result = { ...summary };
      resolveDone(result);
      return result;
    })().catch((error: unknown) => {
      rejectDone(error);
      throw error;
    });
    return stopped;
  };

  let queue: InstanceType<typeof Queue> | undefined;
  if (options.untilEmpty) {
    queue = new Queue(name, { connection: client, prefix: KEY_PREFIX });
    // The worker's own listener reports connection trouble; without one BullMQ prints it, unredacted.
    queue.on('error', () => undefined);
    let checking = false;
    emptyTimer = setInterval(() => {
      if (checking || stopping) return;
      checking = true;
      queue!
        .getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children')
        .then((counts) => {
          if (Object.values(counts).every((n) => n === 0)) void stop().catch(() => undefined);
        })
        .catch(() => undefined)
        .finally(() => {
          checking = false;
        });
    }, EMPTY_POLL_MS);
  }

  worker.run().catch((error: unknown) => {
    if (!stopping) rejectDone(error);
  });
  await worker.waitUntilReady();
  return { done, stop };
}
