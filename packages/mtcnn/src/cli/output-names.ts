import { basename, extname } from 'node:path';

/**
 * A distinct file-name stem per input, for outputs written side by side: the base name without its
 * extension (`photos/a/x.jpg` → `x`); a stem already taken gets `-2`, `-3`… (`photos/b/x.jpg` → `x-2`).
 */
export function outputStems(files: readonly string[]): string[] {
  const taken = new Set<string>();
  return files.map((file) => {
    const base = basename(file, extname(file)) || 'image';
    let stem = base;
    // Compared without case: X.jpg and x.png would overwrite each other on macOS and Windows.
    for (let n = 2; taken.has(stem.toLowerCase()); n++) stem = `${base}-${n}`;
    taken.add(stem.toLowerCase());
    return stem;
  });
}
