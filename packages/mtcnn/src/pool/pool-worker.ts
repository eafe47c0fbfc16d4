// One thread of a detector pool: creates its own detector from the factory module, then serves requests
// one at a time (a detector's inference blocks its thread, so more would only queue here).
import { parentPort, workerData } from 'node:worker_threads';
import type { Detector } from '@mtcnn/core';
import { MtcnnError } from '@mtcnn/core';
import type { PoolError, PoolReady, PoolReply, PoolRequest, PoolWorkerData } from './pool-protocol.js';

type Factory = (options: unknown) => Detector | Promise<Detector>;

function toPoolError(error: unknown): PoolError {
  // By shape, not instanceof: the factory may have loaded another copy of @mtcnn/core.
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' ? { message, code } : { message };
}

async function createWorkerDetector(data: PoolWorkerData): Promise<Detector> {
  const module = (await import(data.factory)) as Record<string, unknown>;
  const factory = module[data.exportName];
  if (typeof factory !== 'function') {
    throw new MtcnnError(
      'INVALID_OPTION',
      `the pool factory ${data.factory} has no function export "${data.exportName}"`,
    );
  }
  const detector = await (factory as Factory)(data.factoryOptions);
  if (data.warmup) await detector.warmup();
  return detector;
}

async function serve(detector: Detector, request: PoolRequest): Promise<unknown> {
  switch (request.method) {
    case 'detect':
      return detector.detect(request.image as never, request.options);
    case 'detectWithDetails':
      return detector.detectWithDetails(request.image as never, request.options);
    case 'warmup':
      return detector.warmup();
    case 'dispose':
      return detector.dispose();
  }
}

const port = parentPort!;
createWorkerDetector(workerData as PoolWorkerData).then(
  (detector) => {
    port.on('message', (request: PoolRequest) => {
      serve(detector, request).then(
        (value) => port.postMessage({ id: request.id, ok: true, value } satisfies PoolReply),
        (error) =>
          port.postMessage({ id: request.id, ok: false, error: toPoolError(error) } satisfies PoolReply),
      );
    });
    port.postMessage({ ready: true } satisfies PoolReady);
  },
  (error) => port.postMessage({ ready: false, error: toPoolError(error) } satisfies PoolReady),
);
