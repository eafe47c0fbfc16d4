/** Machine-readable reason for a {@link QueueError}. */
export type QueueErrorCode =
  /** bullmq or ioredis (optional peer dependencies) is not installed. */
  | 'MISSING_DEPENDENCY'
  /** The Redis URL is not redis://[user:password@]host[:port][/db] (or rediss:// for TLS). */
  | 'INVALID_REDIS_URL'
  /** Redis could not be reached or refused the connection (wrong password, not Redis…) at startup. */
  | 'REDIS_UNAVAILABLE'
  /** An option is missing, of the wrong type or out of range. */
  | 'INVALID_OPTION';

/** The one error type @mtcnn/queue throws; `code` says what went wrong. Messages never hold credentials. */
export class QueueError extends Error {
  readonly code: QueueErrorCode;

  constructor(code: QueueErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'QueueError';
    this.code = code;
  }
}

/** True when `error` is a {@link QueueError}, optionally of the given code. */
export function isQueueError(error: unknown, code?: QueueErrorCode): error is QueueError {
  return error instanceof QueueError && (code === undefined || error.code === code);
}
