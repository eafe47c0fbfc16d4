// A release publishes every public package together: .changeset/config.json puts them in one `fixed` group, so
// a changeset for any one of them versions all ten alike (and pnpm pack writes those versions for workspace:*).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishablePackages, WORKSPACE_ROOT } from './pack.js';
import { makeTempRoot, userEnv } from './scratch.js';

let root: ReturnType<typeof makeTempRoot>;

beforeAll(() => {
  root = makeTempRoot('mtcnn-changesets-');
});
afterAll(() => root?.remove());

/** A copy of the workspace's manifests and changeset config, without the pending changesets. */
function scratchWorkspace(): string {
  const dir = join(root.path, 'workspace');
  for (const file of ['package.json', 'pnpm-workspace.yaml', '.changeset/config.json']) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    cpSync(join(WORKSPACE_ROOT, file), join(dir, file));
  }
  for (const group of ['packages', 'apps', 'tools']) {
    for (const name of readdirSync(join(WORKSPACE_ROOT, group))) {
      const manifest = join(group, name, 'package.json');
      mkdirSync(join(dir, group, name), { recursive: true });
      try {
        cpSync(join(WORKSPACE_ROOT, manifest), join(dir, manifest));
      } catch {
        // not a package
      }
    }
  }
  return dir;
}

describe('changesets', () => {
  it('versions every public package together when one of them changes; private ones stay as they are', () => {
    const dir = scratchWorkspace();
    writeFileSync(
      join(dir, '.changeset', 'one-fix.md'),
      '---\n"@mtcnn/pnet": patch\n---\n\nA fix in P-Net only.\n',
    );
    execFileSync(join(WORKSPACE_ROOT, 'node_modules', '.bin', 'changeset'), ['version'], {
      cwd: dir,
      env: userEnv(),
      stdio: 'pipe',
    });
    const version = (path: string) =>
      JSON.parse(readFileSync(join(dir, path, 'package.json'), 'utf8')).version;
    const publishable = publishablePackages();
    expect(publishable).toHaveLength(10);
    const before = new Set(publishable.map((p) => p.version));
    expect(before.size).toBe(1);
    const [old] = [...before];
    const [major, minor, patch] = old!.split('.').map(Number);
    for (const pkg of publishable) {
      const path = pkg.dir.slice(WORKSPACE_ROOT.length);
      expect(version(path), pkg.name).toBe(`${major}.${minor}.${patch! + 1}`);
    }
    expect(version('tools/parity')).toBe('0.0.0');
    expect(version('apps/playground')).toBe('0.0.0');
  });
});
