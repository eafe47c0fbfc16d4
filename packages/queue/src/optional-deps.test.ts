// Without bullmq or ioredis installed, every entry point rejects with MISSING_DEPENDENCY, not a module error.
// Their absence is made real in a child Node whose module resolution cannot find them.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const DIST = fileURLToPath(new URL('../dist/index.js', import.meta.url));

/** A resolve hook for which `names` do not exist, as when they are not installed. */
function hiding(names: readonly string[]): string {
  return `
    import { register } from 'node:module';
    const hook = \`export async function resolve(specifier, context, next) {
      if (${JSON.stringify(names)}.includes(specifier)) {
        const error = new Error("Cannot find package '" + specifier + "'");
        error.code = 'ERR_MODULE_NOT_FOUND';
        throw error;
      }
      return next(specifier, context);
    }\`;
    register('data:text/javascript,' + encodeURIComponent(hook));
  `;
}

const CALLS = `
  const queue = await import(${JSON.stringify(DIST)});
  const target = { redis: 'redis://127.0.0.1:1' };
  const results = [];
  for (const call of [
    () => queue.enqueue(['x'], target),
    () => queue.queueStatus(target),
    () => queue.startWorker({ ...target, processor: async () => ({}), sink: queue.directorySink('unused') }),
  ]) {
    try { await call(); results.push('resolved'); } catch (error) { results.push(error.name + ' ' + error.code + ': ' + error.message); }
  }
  console.log(JSON.stringify(results));
`;

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtcnn-queue-deps-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function runHiding(names: readonly string[]): Promise<string[]> {
  const hook = join(dir, `hide-${names.join('-')}.mjs`);
  const main = join(dir, 'calls.mjs');
  await writeFile(hook, hiding(names));
  await writeFile(main, CALLS);
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, ['--import', hook, main], (error, out, err) =>
      error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out),
    ),
  );
  return JSON.parse(stdout) as string[];
}

describe('optional peer dependencies', () => {
  it('without bullmq: MISSING_DEPENDENCY naming what to install, from every entry point', async () => {
    for (const result of await runHiding(['bullmq'])) {
      expect(result).toBe(
        'QueueError MISSING_DEPENDENCY: @mtcnn/queue needs the optional peer dependency bullmq: npm install bullmq ioredis',
      );
    }
  });

  it('without ioredis: the same, naming ioredis', async () => {
    for (const result of await runHiding(['ioredis'])) {
      expect(result).toMatch(/^QueueError MISSING_DEPENDENCY: .* ioredis: npm install bullmq ioredis$/);
    }
  });
});
