import { retryFailed } from '@mtcnn/queue';
import { EXIT_OK } from './exit-codes.js';
import type { QueueRetryConfig } from './queue-options.js';
import type { Terminal } from './terminal.js';

/** `mtcnn queue retry-failed`: the failed set back to waiting. */
export async function queueRetryCommand(config: QueueRetryConfig, terminal: Terminal): Promise<number> {
  const moved = await retryFailed({ redis: config.redis, queue: config.queue });
  terminal.err(`mtcnn: moved ${moved} failed chunk${moved === 1 ? '' : 's'} back to waiting\n`);
  return EXIT_OK;
}
