import { type ChildProcess, fork } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { directorySink, type InputProcessor, queueStatus, startWorker } from '@mtcnn/queue';
import { EXIT_FAILED, EXIT_OK } from './exit-codes.js';
import type { QueueWorkConfig } from './queue-options.js';
import { type QueueProcessor, startQueueProcessor } from './queue-processor.js';
import { errorRecord } from './records.js';
import type { Terminal } from './terminal.js';
import { UsageError } from './usage-error.js';

const MS_PER_SECOND = 1000;
const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/** Spaces inputs evenly so that this process takes at most `perSecond` of them a second. */
function paced(processor: InputProcessor, perSecond: number): InputProcessor {
  const gapMs = MS_PER_SECOND / perSecond;
  let next = 0;
  return async (input, context) => {
    const now = performance.now();
    const start = Math.max(now, next);
    next = start + gapMs;
    if (start > now) await new Promise((r) => setTimeout(r, start - now));
    return processor(input, context);
  };
}

/** `--procs N`: N copies of this command, one detector each; signals go to all, and it ends when they all have. */
async function runProcesses(config: QueueWorkConfig, terminal: Terminal): Promise<number> {
  const script = process.argv[1]!;
  const perProcess = config.rate === undefined ? [] : ['--rate', String(config.rate / config.procs)];
  const children: ChildProcess[] = [];
  const codes: number[] = [];
  const exited = Array.from({ length: config.procs }, (_, i) => {
    const child = fork(script, ['queue', 'work', ...config.childArgs, ...perProcess], {
      stdio: 'inherit',
      env: { ...process.env, MTCNN_QUEUE_PROCESS: String(i + 1) },
    });
    children.push(child);
    return new Promise<void>((resolve) =>
      child.once('exit', (code, signal) => {
        codes.push(code ?? EXIT_FAILED);
        if (signal && signal !== 'SIGTERM' && signal !== 'SIGINT') {
          terminal.err(
            `mtcnn: queue work process ${i + 1} was killed by ${signal}; its chunk goes to another worker\n`,
          );
        }
        resolve();
      }),
    );
  });
  const forward = (signal: NodeJS.Signals) => {
    for (const child of children) if (child.exitCode === null) child.kill(signal);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, forward);
  try {
    await Promise.all(exited);
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, forward);
  }
  return Math.max(EXIT_OK, ...codes);
}

/**
 * `mtcnn queue work`: Redis checked first (a wrong URL fails in a moment, before any model loads), then one
 * detector, then chunks until a stop signal (or, with --until-empty, until the queue is empty).
 */
export async function queueWorkCommand(config: QueueWorkConfig, terminal: Terminal): Promise<number> {
  const target = { redis: config.redis, queue: config.queue };
  // Checked once here: a wrong URL is one message, not one per process.
  if (config.procs > 1) {
    await queueStatus(target);
    return runProcesses(config, terminal);
  }
  const who = process.env.MTCNN_QUEUE_PROCESS
    ? `queue work ${process.env.MTCNN_QUEUE_PROCESS}`
    : 'queue work';
  const log = (line: string) => terminal.err(`mtcnn: ${who}: ${line}\n`);
  try {
    await mkdir(config.job.command === 'align' ? join(config.out, 'crops') : config.out, { recursive: true });
  } catch (error) {
    throw new UsageError(
      `cannot create the --out directory "${config.out}": ${(error as Error).message}`,
      'queue work',
    );
  }
  await queueStatus(target);

  let processor: QueueProcessor;
  try {
    processor = await startQueueProcessor(config.job);
  } catch (error) {
    const { code, message } = errorRecord('', error).error;
    terminal.err(
      `mtcnn: could not start the ${config.job.command === 'embed' ? 'models' : 'detector'}: ${message} [${code}]\n`,
    );
    return EXIT_FAILED;
  }
  let stopRequested = false;
  let worker: Awaited<ReturnType<typeof startWorker>> | undefined;
  const onSignal = () => {
    if (!stopRequested) log('stopping: the chunk in hand goes back to the queue after the image in hand');
    stopRequested = true;
    void worker?.stop().catch(() => undefined);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  try {
    worker = await startWorker({
      ...target,
      processor: config.rate === undefined ? processor.process : paced(processor.process, config.rate),
      sink: directorySink(config.out),
      concurrency: config.job.concurrency,
      untilEmpty: config.untilEmpty,
      log,
      ...(config.lockDurationMs === undefined ? {} : { lockDurationMs: config.lockDurationMs }),
      ...(config.stalledIntervalMs === undefined ? {} : { stalledIntervalMs: config.stalledIntervalMs }),
    });
    if (stopRequested) void worker.stop();
    const summary = await worker.done;
    const n = (count: number, what: string) => `${count} ${what}${count === 1 ? '' : 's'}`;
    log(
      `${n(summary.chunks, 'chunk')} done: ${n(summary.processed, 'input')} processed, ${summary.skipped} had records already` +
        (summary.handedBack > 0 ? `; ${n(summary.handedBack, 'chunk')} handed back` : ''),
    );
    return EXIT_OK;
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
    await processor.dispose();
  }
}
