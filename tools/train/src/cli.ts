#!/usr/bin/env node
// mtcnn-train (pnpm train): the trainer's command line. Typed errors end it with one line and a non-zero status.
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseTrainArgs } from './cli-options.js';
import { USAGE } from './cli-usage.js';
import type { ProgressStream } from './progress.js';
import { runCommand } from './train-steps.js';

export const EXIT_USAGE = 2;
export const EXIT_FAILED = 1;
/** Stopped by Ctrl-C (128 + SIGINT). */
export const EXIT_STOPPED = 130;

export interface CliIo {
  stdout: ProgressStream;
  stderr: ProgressStream;
  signal?: AbortSignal;
}

const BUILT_IN_ERRORS: readonly unknown[] = [
  Error,
  TypeError,
  RangeError,
  ReferenceError,
  SyntaxError,
  EvalError,
  URIError,
];

/**
 * An error we throw on purpose: a class of its own (TrainError, MtcnnError, …) or a string `code` (Node's system
 * errors: a missing file). Anything else is a bug.
 */
function typed(error: unknown): error is Error & { code?: string } {
  if (!(error instanceof Error)) return false;
  return (
    typeof (error as { code?: unknown }).code === 'string' || !BUILT_IN_ERRORS.includes(error.constructor)
  );
}

/** Runs the command line and returns the exit status. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const config = parseTrainArgs(argv);
    if (config.help) {
      io.stdout.write(USAGE);
      return 0;
    }
    await runCommand({ config, log: io.stderr, signal: io.signal });
    return 0;
  } catch (error) {
    if (typed(error) && error.code === 'USAGE') {
      io.stderr.write(`mtcnn-train: ${error.message} (see --help)\n`);
      return EXIT_USAGE;
    }
    if (io.signal?.aborted && error instanceof Error && error.name === 'AbortError') {
      io.stderr.write('mtcnn-train: stopped; the last checkpoint stays (--resume continues from it)\n');
      return EXIT_STOPPED;
    }
    if (typed(error)) {
      const code = typeof error.code === 'string' ? ` ${error.code}` : '';
      io.stderr.write(`mtcnn-train: ${error.name}${code}: ${error.message.replaceAll('\n', ' ')}\n`);
      return EXIT_FAILED;
    }
    // Not a reason we name: a bug, so the whole stack.
    io.stderr.write(
      `mtcnn-train: unexpected error\n${error instanceof Error ? error.stack : String(error)}\n`,
    );
    return EXIT_FAILED;
  }
}

// Run only as the program (bins may be links), not when the tests import main.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  const controller = new AbortController();
  // First Ctrl-C: stop after the current step, keeping the checkpoint; a second one quits at once.
  process.once('SIGINT', () => {
    process.stderr.write('\nstopping after this step (Ctrl-C again to quit now)\n');
    controller.abort();
    process.once('SIGINT', () => process.exit(EXIT_STOPPED));
  });
  process.exitCode = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    signal: controller.signal,
  });
}
