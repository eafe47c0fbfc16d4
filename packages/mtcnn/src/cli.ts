#!/usr/bin/env node
// The `mtcnn` command. Everything lives in ./cli/; this file only connects it to the process.
import { EXIT_FAILED } from './cli/exit-codes.js';
import { main } from './cli/main.js';

// A reader that goes away early (`mtcnn detect … | head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `mtcnn: unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exitCode = EXIT_FAILED;
  },
);
