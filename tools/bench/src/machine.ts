// What the numbers were measured on.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpus, totalmem } from 'node:os';
import type { BenchReport } from './types.js';

function commit(): string | undefined {
  try {
    const run = (args: string[]) =>
      execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const head = run(['rev-parse', '--short', 'HEAD']).trim();
    const dirty = run(['status', '--porcelain', '--untracked-files=no']).trim() !== '';
    return dirty ? `${head}+changes` : head;
  } catch {
    return undefined;
  }
}

export function describeMachine(): BenchReport['machine'] {
  const require = createRequire(import.meta.url);
  const ort = require('onnxruntime-node/package.json') as { version: string };
  const found = commit();
  return {
    cpu: cpus()[0]?.model ?? 'unknown CPU',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.versions.node,
    onnxruntime: ort.version,
    ...(found ? { commit: found } : {}),
  };
}
