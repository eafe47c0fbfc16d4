// Each entry loads only its own runtime: following the built files' imports (static and dynamic) from
// dist/node.js must never reach onnxruntime-web, nor from dist/web.js onnxruntime-node or any Node built-in.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

/** `from '…'`, bare `import '…'` and `import('…')` specifiers of one ES module. */
function specifiers(source: string): string[] {
  const found = new Set<string>();
  for (const pattern of [
    /\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ]) {
    for (const match of source.matchAll(pattern)) found.add(match[1]!);
  }
  return [...found];
}

/** The packages (bare specifiers) reachable from `entry` through relative imports. */
function packagesReachedFrom(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
      else packages.add(spec);
    }
  };
  visit(join(dist, entry));
  return { files: [...files].map((f) => f.slice(dist.length + 1)).sort(), packages: [...packages].sort() };
}

describe('import graph of the built entries', () => {
  it('the node entry reaches onnxruntime-node and never onnxruntime-web', () => {
    const { files, packages } = packagesReachedFrom('node.js');
    expect(files).toContain('session.js');
    expect(packages).toContain('onnxruntime-node');
    expect(packages).not.toContain('onnxruntime-web');
    expect(packages.filter((p) => p.startsWith('onnxruntime'))).toEqual(['onnxruntime-node']);
  });

  it('the web entry reaches onnxruntime-web and neither onnxruntime-node nor Node built-ins', () => {
    const { files, packages } = packagesReachedFrom('web.js');
    expect(files).toContain('session.js');
    expect(packages).toContain('onnxruntime-web');
    expect(packages.filter((p) => p.startsWith('onnxruntime'))).toEqual(['onnxruntime-web']);
    expect(packages.filter((p) => p.startsWith('node:'))).toEqual([]);
  });

  it('finds static, side-effect and dynamic imports', () => {
    const source = `import a from './a.js';\nimport './b.js';\nexport { c } from "c";\nconst d = await import('d');`;
    expect(specifiers(source).sort()).toEqual(['./a.js', './b.js', 'c', 'd']);
  });
});
