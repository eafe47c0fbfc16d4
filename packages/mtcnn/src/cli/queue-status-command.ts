import { type QueueStatus, queueStatus } from '@mtcnn/queue';
import { EXIT_OK } from './exit-codes.js';
import { formatDuration } from './progress.js';
import type { QueueStatusConfig } from './queue-options.js';
import type { Terminal } from './terminal.js';

const BAR_WIDTH = 24;
const REFRESH_MS = 1000;
const CLEAR_LINE = '\r\x1b[K';
const PERCENT = 100;

function eta(status: QueueStatus): string {
  return status.etaSeconds === null ? '--:--' : formatDuration(status.etaSeconds);
}

/** Three lines: the chunks, the inputs with the rate and the time left. */
export function describeStatus(status: QueueStatus): string {
  const { total, done } = status.inputs;
  const percent = total > 0 ? ` (${((PERCENT * done) / total).toFixed(1)}%)` : '';
  return (
    `queue ${status.queue}\n` +
    `chunks: ${status.waiting} waiting, ${status.active} active, ${status.completed} done, ${status.failed} failed\n` +
    `inputs: ${done} of ${total} done${percent}, ${status.rate.toFixed(1)} img/s, ETA ${eta(status)}\n`
  );
}

/** `[######------] 652/700  12.3 img/s  ETA 0:04  3 waiting, 1 active, 0 failed` */
export function statusBar(status: QueueStatus): string {
  const { total, done } = status.inputs;
  const filled = total > 0 ? Math.round((BAR_WIDTH * done) / total) : 0;
  return (
    `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${done}/${total}  ${status.rate.toFixed(1)} img/s  ` +
    `ETA ${eta(status)}  ${status.waiting} waiting, ${status.active} active, ${status.failed} failed`
  );
}

/** `mtcnn queue status`: once, or on a terminal followed until nothing is waiting or active. */
export async function queueStatusCommand(config: QueueStatusConfig, terminal: Terminal): Promise<number> {
  const target = { redis: config.redis, queue: config.queue };
  if (config.json) {
    terminal.out(`${JSON.stringify(await queueStatus(target))}\n`);
    return EXIT_OK;
  }
  if (config.once || !process.stdout.isTTY) {
    terminal.out(describeStatus(await queueStatus(target)));
    return EXIT_OK;
  }
  let interrupted = false;
  const onInterrupt = () => {
    interrupted = true;
  };
  process.once('SIGINT', onInterrupt);
  try {
    for (;;) {
      const status = await queueStatus(target);
      terminal.out(`${CLEAR_LINE}${statusBar(status)}`);
      if (interrupted || (status.waiting === 0 && status.active === 0)) {
        terminal.out(`\n${describeStatus(status)}`);
        return EXIT_OK;
      }
      await new Promise((r) => setTimeout(r, REFRESH_MS));
    }
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}
