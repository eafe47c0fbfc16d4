// Scratch npm projects outside the workspace, installed with npm as a user would.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A temporary folder under the OS's, removed by `remove()`. */
export function makeTempRoot(prefix: string): { readonly path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * The environment a user's shell would give npm: the test's own npm_* variables (pnpm sets many for the
 * scripts it runs) and any onnxruntime install flag are left out, so only what a scenario sets applies.
 */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) || /^ONNXRUNTIME_NODE_INSTALL/.test(key) || key === 'NODE_OPTIONS') continue;
    if (key.startsWith('VITEST') || key === 'TEST' || key === 'NODE_ENV') continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

export interface Project {
  readonly dir: string;
}

/** An empty npm project with a package.json of its own (ESM unless told). */
export function makeProject(root: string, name: string, type: 'module' | 'commonjs' = 'module'): Project {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name, version: '1.0.0', private: true, type }, null, 2)}\n`,
  );
  return { dir };
}

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

/** Runs a command in the project with the user's environment; never throws on a non-zero exit. */
export function run(
  project: Project,
  command: string,
  args: readonly string[],
  env: Record<string, string> = {},
): Run {
  const start = performance.now();
  const result = spawnSync(command, args, {
    cwd: project.dir,
    env: userEnv(env),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    seconds: (performance.now() - start) / 1000,
  };
}

/** Like `run`, but a non-zero exit is an error carrying both outputs. */
export function runOk(
  project: Project,
  command: string,
  args: readonly string[],
  env: Record<string, string> = {},
): Run {
  const result = run(project, command, args, env);
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited with ${result.status} in ${project.dir}\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result;
}

/** Disk usage in bytes (`du -sb`: apparent sizes, as npm and pnpm report packages). */
export function diskBytes(path: string): number {
  return Number(execFileSync('du', ['-sb', path], { encoding: 'utf8' }).split('\t')[0]);
}

/** Every installed copy of a package under a node_modules tree (nested ones included). */
export function installedCopies(nodeModules: string, name: string): string[] {
  const found: string[] = [];
  const visit = (dir: string): void => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.startsWith('.')) continue;
      const path = join(dir, entry);
      if (entry.startsWith('@')) {
        for (const scoped of readdirSync(path)) {
          const full = join(path, scoped);
          if (`${entry}/${scoped}` === name) found.push(full);
          visit(join(full, 'node_modules'));
        }
        continue;
      }
      if (entry === name) found.push(path);
      visit(join(path, 'node_modules'));
    }
  };
  visit(nodeModules);
  return found;
}
