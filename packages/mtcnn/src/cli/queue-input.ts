import { fileURLToPath } from 'node:url';
import { MtcnnError } from '@mtcnn/core';
import { DEFAULT_MAX_INPUT_BYTES, type EncodedImageInput, readAllBytes } from '@mtcnn/core/node';

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
 * bytes. A 4xx answer is the input's fault (INVALID_IMAGE, an error record), and so is a body over `maxBytes`
 * (IMAGE_TOO_LARGE, the limit `mtcnn detect` applies); 5xx and network failures throw
 * {@link FetchUnavailableError}, which fails the chunk so that it is retried with backoff.
 */
export async function readQueueInput(
  input: string,
  maxBytes = DEFAULT_MAX_INPUT_BYTES,
): Promise<EncodedImageInput> {
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
  if (!response.body) return new Uint8Array(0);
  try {
    return await readAllBytes(response.body as unknown as AsyncIterable<Uint8Array>, input, maxBytes);
  } catch (error) {
    if (error instanceof MtcnnError) throw error;
    // The connection broke mid-body: the server's or the network's failure, not the input's.
    throw new FetchUnavailableError(`${input}: ${(error as Error).message}`, { cause: error });
  }
}
