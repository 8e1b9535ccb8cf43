import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../../..');

/** A pool worker child process and a typed way to send it commands. */
export interface Worker {
  pid: number;
  child: ChildProcess;
  request<T = unknown>(cmd: string, args?: Record<string, unknown>): Promise<T>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Forks the TypeScript file `script` with `args`, compiled on the fly by swc, its stdout
 * piped when `pipeStdout` (else shared), with an IPC channel.
 */
export function forkTypeScript(
  script: string,
  args: string[],
  pipeStdout = false,
): ChildProcess {
  return fork(script, args, {
    execArgv: ['-r', '@swc-node/register'],
    cwd: ROOT,
    env: { ...process.env, SWC_NODE_PROJECT: join(ROOT, 'tsconfig.test.json') },
    stdio: ['ignore', pipeStdout ? 'pipe' : 'inherit', 'inherit', 'ipc'],
  });
}

/**
 * Starts a worker fixture (`pool-worker.ts` unless `script` names another) on `poolName` in
 * `dir`, and resolves once it is attached.
 */
export async function startWorker(
  poolName: string,
  dir: string,
  encryptionKey?: string,
  script = 'pool-worker.ts',
): Promise<Worker> {
  const child = forkTypeScript(join(__dirname, 'fixtures', script), [
    poolName,
    dir,
    ...(encryptionKey ? [encryptionKey] : []),
  ]);
  const pending = new Map<
    number,
    { resolve(v: unknown): void; reject(e: Error): void }
  >();
  let nextId = 1;
  const ready = new Promise<void>((resolve, reject) => {
    child.once('exit', code =>
      reject(new Error(`worker exited with ${code} before it was ready`)),
    );
    child.on(
      'message',
      (message: { id: number; result?: unknown; error?: string }) => {
        if (message.id === 0) {
          resolve();
          return;
        }
        const waiter = pending.get(message.id);
        pending.delete(message.id);
        if (message.error) {
          waiter?.reject(new Error(message.error));
        } else {
          waiter?.resolve(message.result);
        }
      },
    );
  });
  const exited = new Promise<void>(resolve =>
    child.once('exit', (code, signal) => {
      // A worker that dies (SIGBUS, a crash) fails its pending requests instead of hanging them.
      for (const waiter of pending.values()) {
        waiter.reject(
          new Error(`worker ${child.pid} exited with ${signal ?? code}`),
        );
      }
      pending.clear();
      resolve();
    }),
  );
  await ready;
  return {
    pid: child.pid!,
    child,
    request: <T>(cmd: string, args: Record<string, unknown> = {}) =>
      new Promise<T>((resolve, reject) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          reject(new Error(`worker ${child.pid} has exited`));
          return;
        }
        const id = nextId++;
        pending.set(id, { resolve, reject });
        child.send({ id, cmd, ...args });
      }),
    kill: async (signal = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
      }
      await exited;
    },
  };
}
