import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { unbuiltWorkspaceFiles } from './workspace-built.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** An app folder with one workspace dependency whose exports name `exports`, of which `present` exist. */
function app(exports: unknown, present: readonly string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'playground-built-'));
  made.push(root);
  const pkg = join(root, 'node_modules', '@mtcnn', 'lib');
  mkdirSync(join(pkg, 'dist'), { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: '@mtcnn/lib', exports }));
  for (const file of present) writeFileSync(join(pkg, file), '');
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify({ dependencies: { '@mtcnn/lib': 'workspace:*', 'onnxruntime-web': '1.30.0' } }),
  );
  return root;
}

describe('unbuiltWorkspaceFiles', () => {
  test('names each exported file of a workspace dependency that is not built, nested conditions included', () => {
    const exports = {
      '.': { types: './dist/index.d.ts', import: './dist/index.js' },
      './web': { types: './dist/web.d.ts', import: './dist/web.js' },
      './golden/*': './golden/*',
    };
    expect(unbuiltWorkspaceFiles(app(exports, ['dist/index.d.ts', 'dist/index.js']))).toEqual([
      '@mtcnn/lib: ./dist/web.d.ts',
      '@mtcnn/lib: ./dist/web.js',
    ]);
  });

  test('is empty once everything is built, and for this workspace after its build', () => {
    expect(unbuiltWorkspaceFiles(app({ '.': './dist/index.js' }, ['dist/index.js']))).toEqual([]);
    expect(unbuiltWorkspaceFiles()).toEqual([]);
  });
});
