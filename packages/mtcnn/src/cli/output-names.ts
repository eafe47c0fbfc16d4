import { basename, extname } from 'node:path';
import { isUrlInput, STDIN } from './input-source.js';

/** A URL's path, decoded (`https://host/a/x%20y.jpg?s=2` → `/a/x y.jpg`); the argument itself if malformed. */
function urlPath(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname);
  } catch {
    return url;
  }
}

/**
 * A distinct file-name stem per input, for outputs written side by side: the base name without its
 * extension (`photos/a/x.jpg` → `x`, a URL by its path, `-` → `stdin`); a stem already taken gets `-2`,
 * `-3`… (`photos/b/x.jpg` → `x-2`).
 */
export function outputStems(files: readonly string[]): string[] {
  const taken = new Set<string>();
  return files.map((file) => {
    const path = file === STDIN ? 'stdin' : isUrlInput(file) ? urlPath(file) : file;
    const base = basename(path, extname(path)) || 'image';
    let stem = base;
    // Compared without case: X.jpg and x.png would overwrite each other on macOS and Windows.
    for (let n = 2; taken.has(stem.toLowerCase()); n++) stem = `${base}-${n}`;
    taken.add(stem.toLowerCase());
    return stem;
  });
}
