import { QueueError } from './errors.js';

type BullmqModule = typeof import('bullmq');
/** What this package uses of ioredis (its CommonJS default export confuses the module type). */
type IoredisModule = { Redis: typeof import('ioredis').Redis };

let bullmq: Promise<BullmqModule> | undefined;
let ioredis: Promise<IoredisModule> | undefined;

function missing(name: string, cause: unknown): QueueError {
  return new QueueError(
    'MISSING_DEPENDENCY',
    `@mtcnn/queue needs the optional peer dependency ${name}: npm install bullmq ioredis`,
    { cause },
  );
}

/** bullmq, loaded on first use so that a program that never queues anything needs no Redis packages. */
export function loadBullmq(): Promise<BullmqModule> {
  bullmq ??= import('bullmq').catch((cause: unknown) => {
    bullmq = undefined;
    throw missing('bullmq', cause);
  });
  return bullmq;
}

export function loadIoredis(): Promise<IoredisModule> {
  ioredis ??= import('ioredis').then(
    (m): IoredisModule => ({ Redis: m.Redis }),
    (cause: unknown) => {
      ioredis = undefined;
      throw missing('ioredis', cause);
    },
  );
  return ioredis;
}
