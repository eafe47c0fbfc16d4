#!/usr/bin/env node
// `pnpm mtcnn …` anywhere in this checkout. The workspace root depends on this package, so pnpm links this bin
// into the root's node_modules/.bin, which `pnpm <name>` searches from every directory of the workspace when no
// script of that name is found; it runs in the caller's directory, so relative paths are the caller's. It
// builds the command with turbo, keeping turbo's banner and summary to itself unless the build fails, then runs
// the built CLI in this process: stdout carries only the command's output, stderr only its messages.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const EXIT_FAILED = 1;

// pnpm sets INIT_CWD to the directory it was called from; a caller that runs this bin from a script (whose
// directory is the package's) still gets its paths resolved where it typed them.
if (process.env.INIT_CWD && process.env.npm_lifecycle_event) process.chdir(process.env.INIT_CWD);

const build = spawnSync(
  join(root, 'node_modules', '.bin', 'turbo'),
  ['run', 'build', '--filter=mtcnn...', '--output-logs=errors-only'],
  { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
);
if (build.status !== 0) {
  process.stderr.write(`${build.stdout ?? ''}${build.stderr ?? ''}`);
  const why = build.error ? build.error.message : `exit status ${build.status ?? build.signal}`;
  process.stderr.write(`mtcnn: building the command failed (${why}); see above\n`);
  process.exit(EXIT_FAILED);
}
await import(pathToFileURL(join(root, 'packages', 'mtcnn', 'dist', 'cli.js')).href);
