// @mtcnn/queue: many inputs over many processes and machines, on BullMQ and Redis. It knows nothing of
// faces: the worker runs any per-input processor (the mtcnn CLI gives it detect, align and embed).
export {
  connectRedis,
  DEFAULT_QUEUE,
  KEY_PREFIX,
  type QueueTarget,
  type RedisConnection,
} from './connection.js';
export {
  CHUNKS_DIR,
  type CollectedResults,
  collectResults,
  directorySink,
  recordPath,
} from './directory-sink.js';
export {
  type ChunkData,
  DEFAULT_ATTEMPTS,
  DEFAULT_BACKOFF_MS,
  DEFAULT_CHUNK_SIZE,
  type EnqueueOptions,
  type EnqueueResult,
  enqueue,
} from './enqueue.js';
export { isQueueError, QueueError, type QueueErrorCode } from './errors.js';
export { chunkJobId, resultKey } from './keys.js';
export {
  parseRedisUrl,
  REDIS_PASSWORD_ENV,
  REDIS_URL_ENV,
  type RedisTarget,
  redact,
} from './redis-url.js';
export type { ChunkManifest, ResultSink } from './sink.js';
export { type QueueStatus, queueStatus, RATE_WINDOW_S, retryFailed } from './status.js';
export {
  type InputContext,
  type InputProcessor,
  type QueueWorker,
  type QueueWorkerOptions,
  startWorker,
  type WorkerSummary,
} from './worker.js';
