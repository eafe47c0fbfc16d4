// The root entry is browser-safe: following the built files' imports from dist/index.js never reaches a Node
// built-in, sharp, or @mtcnn/core's Node entry; the /node entry does reach them.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

function packagesReachedFrom(entry: string): string[] {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    for (const pattern of [
      /\bfrom\s*['"]([^'"]+)['"]/g,
      /\bimport\s*['"]([^'"]+)['"]/g,
      /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
    ]) {
      for (const [, spec] of source.matchAll(pattern)) {
        if (spec!.startsWith('.')) visit(resolve(dirname(file), spec!));
        else packages.add(spec!);
      }
    }
  };
  visit(join(dist, entry));
  return [...packages].sort();
}

describe('import graph of the built entries', () => {
  it('the root entry reaches only @mtcnn/core, and not its Node entry', () => {
    expect(packagesReachedFrom('index.js')).toEqual(['@mtcnn/core', '@mtcnn/core/stage-kit']);
  });

  it('the node entry adds Node built-ins and @mtcnn/core/node', () => {
    const packages = packagesReachedFrom('node/index.js');
    expect(packages).toContain('@mtcnn/core/node');
    expect(packages.some((p) => p.startsWith('node:'))).toBe(true);
  });
});
