import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** The real binary, as installed: `bin/mvent.js` over the build output. */
export const MVENT_BIN = join(__dirname, '..', 'bin', 'mvent.js');

/** What one run of the CLI printed, and how it exited. */
export interface CliRun {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs `mvent ...args` to its end. */
export function mvent(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<CliRun> {
  return new Promise(resolve => {
    execFile(
      process.execPath,
      [MVENT_BIN, ...args],
      { env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({
          stdout,
          stderr,
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
        }),
    );
  });
}

/** Starts `mvent ...args` in the background, collecting its output. */
export function spawnMvent(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, [MVENT_BIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', () => undefined);
  const exited = new Promise<number | null>(resolve =>
    child.once('exit', code => resolve(code)),
  );
  return { child, output: () => output, exited };
}
