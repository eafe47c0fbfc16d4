import { fileURLToPath } from 'node:url';
import { MtcnnError } from '@mtcnn/core';
import type { EncodedImageInput } from '@mtcnn/core/node';

/** An http(s) input is given up after this long: a stuck server must not hold a chunk's lock for ever. */
const FETCH_TIMEOUT_MS = 30_000;
const HTTP_SERVER_ERROR = 500;

/** A failure to fetch that is the server's or the network's, not the input's: the chunk is retried later. */
export class FetchUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FetchUnavailableError';
  }
}

export function isUrlInput(input: string): boolean {
  return /^(https?|file):/i.test(input);
}

/**
 * What the decoder reads for a queue input: a path as it is, a file: URL as its path, an http(s) URL as its
 * bytes. A 4xx answer is the input's fault (INVALID_IMAGE, an error record); 5xx and network failures throw
 * {@link FetchUnavailableError}, which fails the chunk so that it is retried with backoff.
 */
export async function readQueueInput(input: string): Promise<EncodedImageInput> {
  if (/^file:/i.test(input)) return fileURLToPath(input);
  if (!/^https?:/i.test(input)) return input;
  let response: Response;
  try {
    response = await fetch(input, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'follow' });
  } catch (error) {
    throw new FetchUnavailableError(`${input}: ${(error as Error).message}`, { cause: error });
  }
  if (response.status >= HTTP_SERVER_ERROR) {
    throw new FetchUnavailableError(`${input}: HTTP ${response.status}`);
  }
  if (!response.ok) throw new MtcnnError('INVALID_IMAGE', `${input}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}
