// Each entry loads only its own runtime: following the built files' imports (static and dynamic, and the
// worker lanes' script) from dist/node.js must reach onnxruntime-web only through the one dynamic import of
// dist/web.js that a wasm session makes, and from dist/web.js never onnxruntime-node nor any Node built-in.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { devicesInChild } from './test-support.js';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

interface Specifier {
  readonly spec: string;
  readonly dynamic: boolean;
}

/**
 * `from '…'`, bare `import '…'`, `import('…')` and `new URL('…', import.meta.url)` (a worker's script)
 * specifiers of one ES module.
 */
function specifiers(source: string): Specifier[] {
  const found = new Map<string, Specifier>();
  for (const [pattern, dynamic] of [
    [/\bfrom\s*['"]([^'"]+)['"]/g, false],
    [/\bimport\s*['"]([^'"]+)['"]/g, false],
    [/\bnew URL\(\s*['"]([^'"]+)['"],\s*import\.meta\.url\s*\)/g, false],
    [/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g, true],
  ] as const) {
    for (const match of source.matchAll(pattern)) {
      const spec = match[1]!;
      if (!found.has(spec) || !dynamic) found.set(spec, { spec, dynamic });
    }
  }
  return [...found.values()];
}

interface Reached {
  readonly files: string[];
  readonly packages: string[];
  /** `from → to` for every dynamic import of a file of this package. */
  readonly dynamicFiles: string[];
}

/** What `entry` reaches through relative imports, not following the dynamic imports of `skipped` files. */
function reachedFrom(entry: string, skipped: readonly string[] = []): Reached {
  const files = new Set<string>();
  const packages = new Set<string>();
  const dynamicFiles = new Set<string>();
  const name = (file: string) => file.slice(dist.length + 1);
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const { spec, dynamic } of specifiers(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) {
        packages.add(spec);
        continue;
      }
      const target = resolve(dirname(file), spec);
      if (dynamic) {
        dynamicFiles.add(`${name(file)} → ${name(target)}`);
        if (skipped.includes(name(target))) continue;
      }
      visit(target);
    }
  };
  visit(join(dist, entry));
  return {
    files: [...files].map(name).sort(),
    packages: [...packages].sort(),
    dynamicFiles: [...dynamicFiles],
  };
}

const runtimes = (packages: readonly string[]) => packages.filter((p) => p.startsWith('onnxruntime'));

describe('import graph of the built entries', () => {
  it('the node entry reaches onnxruntime-web only through the web entry, imported for wasm', () => {
    const all = reachedFrom('node.js');
    expect(all.files).toEqual(expect.arrayContaining(['node/lanes.js', 'node/lane-worker.js', 'session.js']));
    // The one way to the web entry: node.js imports it when a wasm backend creates its first session.
    expect(all.dynamicFiles.filter((edge) => edge.endsWith('→ web.js'))).toEqual(['node.js → web.js']);
    expect(runtimes(all.packages)).toEqual(['onnxruntime-node', 'onnxruntime-web']);
    const withoutWasm = reachedFrom('node.js', ['web.js']);
    expect(withoutWasm.files).not.toContain('web.js');
    expect(withoutWasm.files).not.toContain('web/backend.js');
    expect(runtimes(withoutWasm.packages)).toEqual(['onnxruntime-node']);
  });

  it('the web entry reaches onnxruntime-web and neither onnxruntime-node nor Node built-ins', () => {
    const { files, packages } = reachedFrom('web.js');
    expect(files).toContain('session.js');
    expect(files.filter((f) => f.startsWith('node'))).toEqual([]);
    expect(runtimes(packages)).toEqual(['onnxruntime-web']);
    expect(packages.filter((p) => p.startsWith('node:'))).toEqual([]);
  });

  it('finds static, side-effect, dynamic and worker-script imports', () => {
    const source = `import a from './a.js';\nimport './b.js';\nexport { c } from "c";\nconst d = await import('d');\nnew URL('./w.js', import.meta.url);`;
    expect(specifiers(source).sort((x, y) => x.spec.localeCompare(y.spec))).toEqual([
      { spec: './a.js', dynamic: false },
      { spec: './b.js', dynamic: false },
      { spec: './w.js', dynamic: false },
      { spec: 'c', dynamic: false },
      { spec: 'd', dynamic: true },
    ]);
  });

  it('with onnxruntime-web failing to load, the node entry runs cpu and auto, and wasm is BACKEND_UNAVAILABLE', async () => {
    // A child where importing onnxruntime-web fails for a reason other than its absence (runtime-error.test.ts
    // has the package really missing).
    const hooks = `export async function resolve(specifier, context, next) {
      if (specifier === 'onnxruntime-web') throw new Error('onnxruntime-web is not installed here');
      return next(specifier, context);
    }`;
    const report = await devicesInChild(hooks, ['cpu', 'auto', 'wasm']);
    expect(report.cpu).toBe('1x2x1x1');
    expect(report.auto).toBe('1x2x1x1');
    expect(report.wasm).toMatch(
      /^BACKEND_UNAVAILABLE: onnxruntime-web could not be loaded: .*not installed here/,
    );
  });
});
