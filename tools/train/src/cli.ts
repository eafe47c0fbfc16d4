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

export interface CliIo {
  stdout: ProgressStream;
  stderr: ProgressStream;
  signal?: AbortSignal;
}

/** A typed error names itself and carries a string code (CliError, ExportError, TrainError, MtcnnError, …). */
function typed(error: unknown): error is Error & { code: string } {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
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
    if (typed(error)) {
      io.stderr.write(`mtcnn-train: ${error.name} ${error.code}: ${error.message.replaceAll('\n', ' ')}\n`);
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
    process.once('SIGINT', () => process.exit(130));
  });
  process.exitCode = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    signal: controller.signal,
  });
}
