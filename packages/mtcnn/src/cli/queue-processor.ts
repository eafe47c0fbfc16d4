import type { NodeDetector } from '@mtcnn/core/node';
import type { InputProcessor } from '@mtcnn/queue';
import { createDetector } from '../detector.js';
import { alignStep } from './align-command.js';
import type { BatchWorker, ImageStep } from './batch.js';
import { detectFile, detectFileOptions } from './detect-file.js';
import { startEmbedWorker } from './embed-command.js';
import { FetchUnavailableError, readQueueInput } from './queue-input.js';
import type { QueueJob } from './queue-options.js';
import { errorRecord, WriteError } from './records.js';

/** One process's detector (and embedder) and the processor the queue worker runs on each input. */
export interface QueueProcessor {
  readonly process: InputProcessor;
  dispose(): Promise<void>;
}

/** Failures of the machine rather than of the input: the chunk fails and is retried, no record is written. */
function isInfrastructureFailure(error: unknown): boolean {
  return error instanceof WriteError || error instanceof FetchUnavailableError;
}

/**
 * Starts what `job` needs, once per process, and returns a processor giving each input the very record the
 * command (mtcnn detect, align or embed) gives it: the same detectFile, steps and error records.
 */
export async function startQueueProcessor(job: QueueJob): Promise<QueueProcessor> {
  const aligned = job.command === 'embed' && job.aligned;
  let detector: NodeDetector | undefined;
  let worker: BatchWorker | undefined;
  try {
    if (!aligned) detector = await createDetector(job.detector);
    if (job.command === 'embed') worker = await startEmbedWorker(job);
  } catch (error) {
    await detector?.dispose();
    throw error;
  }
  const step: ImageStep | undefined = job.command === 'align' ? alignStep(job) : worker?.step;
  const fileOptions = detectFileOptions(job);
  const process: InputProcessor = async (input, { key }) => {
    try {
      if (worker?.processFile) return await worker.processFile(input);
      // http(s) inputs are fetched here, under the queue's retry rules; paths and file: URLs are read as detect reads them.
      const source = await readQueueInput(input);
      const fetched = source instanceof Uint8Array ? source : undefined;
      const { image, format, record } = await detectFile(detector!, input, fileOptions, fetched);
      return step ? await step({ file: input, stem: key, image, format, record }) : record;
    } catch (error) {
      if (isInfrastructureFailure(error)) throw error;
      return errorRecord(input, error);
    }
  };
  return {
    process,
    async dispose() {
      await worker?.dispose();
      await detector?.dispose();
    },
  };
}
