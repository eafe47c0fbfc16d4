import { readFile } from 'node:fs/promises';
import { MtcnnError } from '../errors.js';

/** How long a download may take, start to last byte, unless `timeoutMs` says otherwise. */
export const DEFAULT_FETCH_TIMEOUT_MS = 30_000;
/** The most bytes read from a URL or a stream unless `maxBytes` says otherwise: 100 MiB, far above any photo. */
export const DEFAULT_MAX_INPUT_BYTES = 100 * 1024 * 1024;
const MS_PER_SECOND = 1000;

/** Limits on reading an encoded image from a URL or a stream. */
export interface ReadBytesOptions {
  /** http(s): the whole download, in milliseconds (default {@link DEFAULT_FETCH_TIMEOUT_MS}). */
  readonly timeoutMs?: number;
  /** http(s) and streams: the most bytes read (default {@link DEFAULT_MAX_INPUT_BYTES}); IMAGE_TOO_LARGE over it. */
  readonly maxBytes?: number;
}

function tooManyBytes(name: string, maxBytes: number): MtcnnError {
  return new MtcnnError(
    'IMAGE_TOO_LARGE',
    `${name} is over the limit of ${maxBytes} bytes (option maxBytes)`,
  );
}

/** Every chunk of `chunks`, joined; IMAGE_TOO_LARGE as soon as they pass `maxBytes`. */
export async function readAllBytes(
  chunks: AsyncIterable<Uint8Array>,
  name: string,
  maxBytes = DEFAULT_MAX_INPUT_BYTES,
): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of chunks) {
    total += chunk.byteLength;
    if (total > maxBytes) throw tooManyBytes(name, maxBytes);
    parts.push(chunk);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return bytes;
}

async function download(url: URL, options: ReadBytesOptions): Promise<Uint8Array> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_INPUT_BYTES;
  const name = url.href;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(url, { signal });
    if (!response.ok) {
      await response.body?.cancel();
      const status = `${response.status} ${response.statusText}`.trim();
      throw new MtcnnError('INVALID_IMAGE', `cannot fetch ${name}: HTTP ${status}`);
    }
    const declared = Number(response.headers.get('content-length'));
    if (declared > maxBytes) {
      await response.body?.cancel();
      throw tooManyBytes(name, maxBytes);
    }
    if (!response.body) return new Uint8Array(0);
    return await readAllBytes(response.body, name, maxBytes);
  } catch (cause) {
    if (cause instanceof MtcnnError) throw cause;
    if (signal.aborted) {
      throw new MtcnnError(
        'INVALID_IMAGE',
        `cannot fetch ${name}: no complete answer within ${timeoutMs / MS_PER_SECOND} s`,
        { cause },
      );
    }
    // fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND…) is its cause.
    const reason = (cause as Error).cause instanceof Error ? ((cause as Error).cause as Error).message : '';
    const why = [(cause as Error).message, reason].filter(Boolean).join(': ');
    throw new MtcnnError('INVALID_IMAGE', `cannot fetch ${name}: ${why}`, { cause });
  }
}

/**
 * The bytes of an encoded image: a file path, a `file:` URL, or an `http:`/`https:` URL fetched with Node's
 * fetch (a timeout and a size limit, see {@link ReadBytesOptions}). INVALID_IMAGE naming the input when it
 * cannot be read, IMAGE_TOO_LARGE over the size limit.
 */
export async function readImageBytes(
  input: string | URL,
  options: ReadBytesOptions = {},
): Promise<Uint8Array> {
  if (input instanceof URL && (input.protocol === 'http:' || input.protocol === 'https:')) {
    return download(input, options);
  }
  const name = typeof input === 'string' ? input : input.href;
  if (input instanceof URL && input.protocol !== 'file:') {
    throw new MtcnnError(
      'INVALID_IMAGE',
      `cannot read ${name}: ${input.protocol} URLs are not read (file:, http: and https: are)`,
    );
  }
  try {
    return await readFile(input);
  } catch (cause) {
    throw new MtcnnError('INVALID_IMAGE', `cannot read ${name}: ${(cause as Error).message}`, { cause });
  }
}
