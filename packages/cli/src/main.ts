import { Logger } from '@mvent/core';
import { CommanderError } from 'commander';
import { CliError } from './cli-error';
import { escapeControls } from './output';
import { createProgram } from './program';

/** Runs the CLI: an error is one line on stderr and exit code 1 (2 for a usage error). */
async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  // `mvent events tail | head`: the reader left, so there is no one to print for.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
  const program = createProgram();
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander printed it; --help and --version exit 0
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`mvent: ${escapeControls(message)}\n`);
    process.exitCode = error instanceof CliError ? error.exitCode : 1;
  }
}

void main();
