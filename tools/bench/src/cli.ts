#!/usr/bin/env node
// `pnpm bench`: detection speed per backend, input size and stage; see USAGE.
import { parseArgs, USAGE } from './args.js';
import { CHILD_FLAG, serveChild } from './child.js';
import { runBench } from './run-bench.js';

if (process.argv.includes(CHILD_FLAG)) {
  serveChild();
} else {
  try {
    const args = parseArgs(process.argv.slice(2));
    if (args.help) process.stdout.write(USAGE);
    else await runBench(args);
  } catch (error) {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
