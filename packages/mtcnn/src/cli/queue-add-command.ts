import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { enqueue } from '@mtcnn/queue';
import { EXIT_OK } from './exit-codes.js';
import { expandInputs } from './inputs.js';
import { isUrlInput } from './queue-input.js';
import type { QueueAddConfig } from './queue-options.js';
import type { Terminal } from './terminal.js';
import { UsageError } from './usage-error.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function readList(path: string): Promise<string[]> {
  let text: string;
  try {
    text = path === '-' ? await readStdin() : await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the --list file "${path}": ${(error as Error).message}`, 'queue add');
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/**
 * `mtcnn queue add`: directories expanded as mtcnn detect expands them, paths made absolute (workers run
 * elsewhere), URLs kept; then enqueued in chunks.
 */
export async function queueAddCommand(config: QueueAddConfig, terminal: Terminal): Promise<number> {
  const given = [...config.inputs, ...(config.list === undefined ? [] : await readList(config.list))];
  // URLs are not directories: expandInputs keeps them, in order, as it keeps any path it cannot walk.
  const { files, emptyDirectories } = await expandInputs(given);
  for (const dir of emptyDirectories) terminal.err(`mtcnn: no image files in ${dir}\n`);
  const inputs = files.map((file) => (isUrlInput(file) ? file : resolve(file)));
  if (inputs.length === 0) throw new UsageError('no inputs to add', 'queue add');
  const result = await enqueue(inputs, {
    redis: config.redis,
    queue: config.queue,
    chunkSize: config.chunkSize,
  });
  terminal.err(
    `mtcnn: queued ${result.inputs} inputs in ${result.chunks} chunks (${result.added} new, ` +
      `${result.chunks - result.added} already queued)\n`,
  );
  return EXIT_OK;
}
