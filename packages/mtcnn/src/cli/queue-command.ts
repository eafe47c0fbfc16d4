import { isQueueError } from '@mtcnn/queue';
import { EXIT_FAILED } from './exit-codes.js';
import { queueAddCommand } from './queue-add-command.js';
import { queueCollectCommand } from './queue-collect-command.js';
import type { QueueConfig } from './queue-options.js';
import { queueRetryCommand } from './queue-retry-command.js';
import { queueStatusCommand } from './queue-status-command.js';
import { queueWorkCommand } from './queue-work-command.js';
import type { Terminal } from './terminal.js';

/** `mtcnn queue …`: the queue's own failures (no Redis, a bad URL, bullmq missing) reported with their code. */
export async function queueCommand(config: QueueConfig, terminal: Terminal): Promise<number> {
  try {
    switch (config.action) {
      case 'add':
        return await queueAddCommand(config, terminal);
      case 'work':
        return await queueWorkCommand(config, terminal);
      case 'status':
        return await queueStatusCommand(config, terminal);
      case 'retry-failed':
        return await queueRetryCommand(config, terminal);
      case 'collect':
        return await queueCollectCommand(config, terminal);
    }
  } catch (error) {
    if (!isQueueError(error)) throw error;
    terminal.err(`mtcnn: queue ${config.action}: ${error.message} [${error.code}]\n`);
    return EXIT_FAILED;
  }
}
