// Packs every publishable package of the workspace the way a release would (`pnpm pack`: workspace:* resolved,
// the root .pnpmfile.mjs's beforePacking applied).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WORKSPACE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface PublishablePackage {
  readonly name: string;
  readonly version: string;
  readonly dir: string;
}

export interface Tarball extends PublishablePackage {
  readonly file: string;
  /** Size of the .tgz. */
  readonly bytes: number;
  /** Sum of the packed files' sizes. */
  readonly unpackedBytes: number;
  readonly paths: readonly string[];
}

/** Every package under packages/ that is not private, in directory order. */
export function publishablePackages(): PublishablePackage[] {
  const packagesDir = join(WORKSPACE_ROOT, 'packages');
  return readdirSync(packagesDir)
    .map((entry) => join(packagesDir, entry))
    .filter((dir) => statSync(join(dir, 'package.json'), { throwIfNoEntry: false }))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ dir, manifest }) => ({ name: manifest.name, version: manifest.version, dir }));
}

/** Packs one package into `destination`. */
export function pack(pkg: PublishablePackage, destination: string): Tarball {
  const out = execFileSync('pnpm', ['pack', '--pack-destination', destination, '--json'], {
    cwd: pkg.dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const report = JSON.parse(out.slice(out.indexOf('{'))) as {
    filename: string;
    files: { path: string }[];
  };
  return {
    ...pkg,
    file: report.filename,
    bytes: statSync(report.filename).size,
    unpackedBytes: report.files.reduce((sum, f) => sum + statSync(join(pkg.dir, f.path)).size, 0),
    paths: report.files.map((f) => f.path),
  };
}
