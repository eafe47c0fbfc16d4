import { packageVersion } from '../version.js';
import { alignCommand } from './align-command.js';
import { detectCommand } from './detect-command.js';
import { embedCommand } from './embed-command.js';
import { enrollCommand } from './enroll-command.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { quietGpuDrivers, usesWebGpu } from './gpu-driver-noise.js';
import { identifyCommand } from './identify-command.js';
import { parseCommandLine } from './options.js';
import { queueCommand } from './queue-command.js';
import { Terminal } from './terminal.js';
import { UsageError } from './usage-error.js';
import { verifyCommand } from './verify-command.js';

function usageFailure(error: UsageError, terminal: Terminal): number {
  const help = error.command ? `mtcnn ${error.command} --help` : 'mtcnn --help';
  terminal.err(`mtcnn: ${error.message}\nRun '${help}' for usage.\n`);
  return EXIT_USAGE;
}

/** Runs the command line `argv` (without `node` and the script) and returns the exit status. Never throws. */
export async function main(argv: readonly string[], terminal = new Terminal()): Promise<number> {
  try {
    const commandLine = parseCommandLine(argv);
    if ('detector' in commandLine && usesWebGpu(commandLine.detector.device)) quietGpuDrivers();
    switch (commandLine.command) {
      case 'help':
        terminal.out(`${commandLine.text}\n`);
        return EXIT_OK;
      case 'version':
        terminal.out(`${packageVersion()}\n`);
        return EXIT_OK;
      case 'detect':
        return await detectCommand(commandLine, terminal);
      case 'align':
        return await alignCommand(commandLine, terminal);
      case 'embed':
        return await embedCommand(commandLine, terminal);
      case 'enroll':
        return await enrollCommand(commandLine, terminal);
      case 'identify':
        return await identifyCommand(commandLine, terminal);
      case 'verify':
        return await verifyCommand(commandLine, terminal);
      case 'queue':
        return await queueCommand(commandLine, terminal);
    }
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(error, terminal);
    const message = error instanceof Error ? error.message : String(error);
    terminal.err(`mtcnn: ${message}\n`);
    return EXIT_FAILED;
  }
}
