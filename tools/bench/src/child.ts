// Each measurement runs in a child process of its own: peak memory is that measurement's, a backend that
// crashes natively is a skip rather than the end of the bench, and "first run" is really the first.
import { fork } from 'node:child_process';
import type { BenchInput } from './inputs.js';
import { measureCase, measureCold, type Warm } from './measure-case.js';
import { type MemoryTask, measureMemory } from './memory.js';
import { profileOps } from './op-profile.js';
import { measurePeaks } from './peak.js';
import { measureRecognition, type RecognitionTask } from './recognition.js';
import { measureThroughput, type ThroughputTask } from './throughput.js';

export type ChildTask =
  | {
      readonly task: 'case';
      readonly backend: string;
      readonly input: BenchInput;
      readonly runs: number;
      readonly warm: Warm;
    }
  | { readonly task: 'cold'; readonly backend: string; readonly input: BenchInput }
  | { readonly task: 'peak'; readonly backend: string; readonly runs: number }
  | { readonly task: 'ops'; readonly input: BenchInput }
  | ({ readonly task: 'memory' } & MemoryTask)
  | ({ readonly task: 'throughput' } & ThroughputTask)
  | ({ readonly task: 'recognition' } & RecognitionTask);

type ChildReply =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: string };

/** Flag that makes the CLI a measuring child. */
export const CHILD_FLAG = '--child';
/** No single measurement may take longer than this (a hung backend must not hang the bench). */
const CHILD_TIMEOUT_MS = 15 * 60 * 1000;

function dispatch(task: ChildTask): Promise<unknown> {
  switch (task.task) {
    case 'case':
      return measureCase(task.backend, task.input, task.runs, task.warm);
    case 'cold':
      return measureCold(task.backend, task.input);
    case 'peak':
      return measurePeaks(task.backend, task.runs);
    case 'ops':
      return profileOps(task.input);
    case 'memory':
      return measureMemory(task);
    case 'throughput':
      return measureThroughput(task);
    case 'recognition':
      return measureRecognition(task);
  }
}

/** The child side: one task in, one reply out, then exit. */
export function serveChild(): void {
  process.once('message', (task: ChildTask) => {
    dispatch(task)
      .then(
        (value): ChildReply => ({ ok: true, value }),
        (error): ChildReply => ({ ok: false, error: error instanceof Error ? error.message : String(error) }),
      )
      .then((reply) => process.send!(reply, () => process.exit(0)));
  });
}

/** The parent side: runs `task` in a fresh child; rejects with the child's error or how it died. */
export function runInChild<T>(cliPath: string, task: ChildTask): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(cliPath, [CHILD_FLAG], {
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let reply: ChildReply | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.on('message', (message: ChildReply) => {
      reply = message;
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (reply?.ok) resolve(reply.value as T);
      else if (reply) reject(new Error(reply.error));
      else reject(new Error(`the measuring process died (${signal ?? `exit code ${code}`})`));
    });
    child.send(task);
  });
}
