import { readdir, realpath, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { IMAGE_EXTENSIONS } from './defaults.js';
import { isUrlInput, STDIN } from './input-source.js';

export interface ExpandedInputs {
  /** Files to process, in command-line order; each directory's images sorted by path. */
  readonly files: string[];
  /** Directories given that held no image file. */
  readonly emptyDirectories: string[];
}

const EXTENSIONS = new Set<string>(IMAGE_EXTENSIONS);

/** True when `name` ends with one of {@link IMAGE_EXTENSIONS}, in any case. */
export function hasImageExtension(name: string): boolean {
  return EXTENSIONS.has(extname(name).slice(1).toLowerCase());
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Image files under `dir`, recursively, following links but never into a directory already walked. */
async function walk(dir: string, seen: Set<string>, found: string[]): Promise<void> {
  const real = await realpath(dir).catch(() => dir);
  if (seen.has(real)) return;
  seen.add(real);
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return; // An unreadable directory holds nothing we can process.
  }
  entries.sort((a, b) => byCodePoint(a.name, b.name));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    const directory = entry.isDirectory() || (entry.isSymbolicLink() && (await isDirectory(path)));
    if (directory) await walk(path, seen, found);
    else if (hasImageExtension(entry.name)) found.push(path);
  }
}

/**
 * Files as given (whatever their extension: the decoder decides), URLs and `-` (stdin) as given, and the image
 * files of directories.
 * A path that does not exist stays in the list, so that it is reported as a failed input. Duplicates
 * (the same file reached twice) are processed once.
 */
export async function expandInputs(args: readonly string[]): Promise<ExpandedInputs> {
  const files: string[] = [];
  const emptyDirectories: string[] = [];
  const seenFiles = new Set<string>();
  const add = (path: string) => {
    const key = path === STDIN || isUrlInput(path) ? path : resolve(path);
    if (seenFiles.has(key)) return;
    seenFiles.add(key);
    files.push(path);
  };
  for (const arg of args) {
    if (arg !== STDIN && !isUrlInput(arg) && (await isDirectory(arg))) {
      const found: string[] = [];
      await walk(arg, new Set(), found);
      if (found.length === 0) emptyDirectories.push(arg);
      for (const path of found) add(path);
    } else {
      add(arg);
    }
  }
  return { files, emptyDirectories };
}
