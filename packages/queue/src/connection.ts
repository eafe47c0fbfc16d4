import type { Redis } from 'ioredis';
import { QueueError } from './errors.js';
import { loadIoredis } from './optional-deps.js';
import { parseRedisUrl, type RedisTarget, redact } from './redis-url.js';

/** A connection attempt at startup gives up after this long (an address that drops packets). */
const CONNECT_TIMEOUT_MS = 5000;
/** Once connected, reconnection waits grow by this much per attempt… */
const RECONNECT_STEP_MS = 250;
/** …up to this: a Redis back after a restart is found within a couple of seconds. */
const RECONNECT_MAX_MS = 2000;

/** Where a queue lives: a Redis URL (credentials in it or in MTCNN_REDIS_PASSWORD) and the queue's name. */
export interface QueueTarget {
  readonly redis: string;
  /** Default {@link DEFAULT_QUEUE}. */
  readonly queue?: string;
}

export const DEFAULT_QUEUE = 'mtcnn';
/** The Redis key prefix of every queue (BullMQ's `prefix`). */
export const KEY_PREFIX = 'mtcnn';

const QUEUE_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

export function queueName(target: QueueTarget): string {
  const name = target.queue ?? DEFAULT_QUEUE;
  if (!QUEUE_NAME.test(name)) {
    throw new QueueError(
      'INVALID_OPTION',
      `a queue name is 1 to 100 letters, digits, '_', '.' or '-', got ${JSON.stringify(name)}`,
    );
  }
  return name;
}

/** An open connection and what to say about it. */
export interface RedisConnection {
  readonly client: Redis;
  readonly target: RedisTarget;
  close(): Promise<void>;
}

/**
 * Connects to Redis and checks it answers. At startup a failure is final and quick (a {@link QueueError}
 * REDIS_UNAVAILABLE naming the redacted URL), so that a wrong URL does not look like a hang; once connected,
 * the client reconnects for as long as it takes (a worker outlives a Redis restart), and commands wait.
 */
export async function connectRedis(url: string, name: string): Promise<RedisConnection> {
  const target = parseRedisUrl(url);
  const { Redis } = await loadIoredis();
  let connected = false;
  let lastError: Error | undefined;
  const client = new Redis({
    host: target.host,
    port: target.port,
    db: target.db,
    ...(target.username !== undefined ? { username: target.username } : {}),
    ...(target.password !== undefined ? { password: target.password } : {}),
    ...(target.tls ? { tls: {} } : {}),
    connectionName: name,
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    // BullMQ's workers block on Redis; commands wait for a reconnection instead of failing after N tries.
    maxRetriesPerRequest: null,
    retryStrategy: (times: number) =>
      connected ? Math.min(times * RECONNECT_STEP_MS, RECONNECT_MAX_MS) : null,
  });
  // Without a listener ioredis prints every connection error itself, unredacted.
  client.on('error', (error: Error) => {
    lastError = error;
  });
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    client.disconnect();
    const reason = lastError?.message ?? (error as Error).message;
    throw new QueueError(
      'REDIS_UNAVAILABLE',
      `cannot reach Redis at ${target.display}: ${redact(reason, target)}`,
      {
        cause: error,
      },
    );
  }
  connected = true;
  return {
    client,
    target,
    async close() {
      connected = false;
      await client.quit().catch(() => client.disconnect());
    },
  };
}
