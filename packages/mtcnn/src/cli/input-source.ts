import { readAllBytes, readImageBytes } from '@mtcnn/core/node';

/** The input argument that reads the image from standard input. */
export const STDIN = '-';

/** `http:`, `https:` and `file:` arguments are URLs; anything else is a path. */
const URL_SCHEME = /^(https?|file):/i;

export function isUrlInput(input: string): boolean {
  return URL_SCHEME.test(input);
}

/** How messages name an input: `stdin` for `-`, otherwise the argument as given. */
export function inputName(input: string): string {
  return input === STDIN ? 'stdin' : input;
}

/**
 * The encoded bytes of one input: standard input for `-`, a download for http(s) URLs (the library's timeout and
 * size limit), the file for `file:` URLs and paths. Throws the library's typed errors, naming the input.
 */
export function readInput(
  input: string,
  stdin: AsyncIterable<Uint8Array> = process.stdin,
): Promise<Uint8Array> {
  if (input === STDIN) return readAllBytes(stdin, inputName(input));
  if (isUrlInput(input)) {
    let url: URL;
    try {
      url = new URL(input);
    } catch {
      // Not a well-formed URL: maybe a file whose name starts with "http:".
      return readImageBytes(input);
    }
    return readImageBytes(url);
  }
  return readImageBytes(input);
}
