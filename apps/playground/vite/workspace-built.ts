import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const APP_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The command that builds the playground together with the workspace packages it imports. */
export const BUILD_WITH_DEPENDENCIES = 'pnpm --filter playground... build';

/** Every file an `exports` map points at (wildcard patterns left out: they name no single file). */
function exportTargets(exports: unknown): string[] {
  if (typeof exports === 'string') return exports.includes('*') ? [] : [exports];
  if (exports === null || typeof exports !== 'object') return [];
  return Object.values(exports).flatMap(exportTargets);
}

/** `name: file` for each file a workspace dependency exports that is not there yet (not built). */
export function unbuiltWorkspaceFiles(appRoot: string = APP_ROOT): string[] {
  const manifest = JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const missing: string[] = [];
  for (const [name, range] of Object.entries(manifest.dependencies ?? {})) {
    if (!range.startsWith('workspace:')) continue;
    const root = join(appRoot, 'node_modules', name);
    const { exports } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports?: unknown };
    for (const target of exportTargets(exports)) {
      if (!existsSync(join(root, target))) missing.push(`${name}: ${target}`);
    }
  }
  return missing;
}

/**
 * Stops a build or dev server whose workspace packages are not built yet with the command that builds them,
 * instead of Rolldown's "cannot resolve" on a fresh clone.
 */
export function workspaceBuiltPlugin(): Plugin {
  return {
    name: 'mtcnn-workspace-built',
    configResolved() {
      const missing = unbuiltWorkspaceFiles();
      if (missing.length === 0) return;
      const packages = [...new Set(missing.map((entry) => entry.slice(0, entry.indexOf(': '))))];
      throw new Error(
        `The playground's workspace packages are not built yet (${packages.join(', ')}: ${missing.length} files missing). ` +
          `Build them with the playground: ${BUILD_WITH_DEPENDENCIES} (or pnpm build at the repository root).`,
      );
    },
  };
}
