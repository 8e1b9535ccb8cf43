import { createHash } from 'node:crypto';
import { chmodSync, readdirSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_SOCKET_PATH } from '../constants';
import { ensureOwnedDirectory } from '../pool/owned-directory.util';
import { isAlive } from './channel-name.util';

/** `<pid>-<n>.sock` (wake-ups of a process's n-th bus; `<pid>.sock` before) and `<pid>.rpc.sock` (memory RPC). */
const SOCKET_FILE = /^(\d+)(?:-\d+)?(?:\.rpc)?\.sock$/;

/**
 * Where a process's Unix socket for `pool` lives: `<pool>/sockets/<file>`, or a short path
 * in the temp dir when that would pass the socket-path limit. The directory is owner-only
 * (checked), so other users can neither connect nor listen there.
 *
 * @throws UnsafeDirectoryError when the folder exists and another user could write into it
 */
export function socketPathFor(poolPath: string, file: string): string {
  const preferred = join(poolPath, 'sockets', file);
  if (Buffer.byteLength(preferred) <= MAX_SOCKET_PATH) {
    ensureOwnedDirectory(join(poolPath, 'sockets'), 'socket folder');
    return preferred;
  }
  const hash = createHash('sha256').update(poolPath).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), `mvent-${process.geteuid?.() ?? 'user'}-${hash}`);
  ensureOwnedDirectory(dir, 'socket folder');
  return join(dir, file);
}

/** Removes a socket file (left by a killed process that had this pid, or by a closed server). */
export function removeSocketFile(socketPath: string): void {
  try {
    unlinkSync(socketPath);
  } catch {
    // nothing there
  }
}

/**
 * Removes the socket files that processes which died without closing left in `dir` (SIGKILL):
 * `<pid>-<n>.sock` and `<pid>.rpc.sock` whose pid is gone.
 */
export function removeSocketsOfDeadProcesses(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return; // no socket directory yet
  }
  for (const name of names) {
    const pid = SOCKET_FILE.exec(name)?.[1];
    if (
      pid !== undefined &&
      Number(pid) !== process.pid &&
      !isAlive(Number(pid))
    ) {
      removeSocketFile(join(dir, name));
    }
  }
}

/** Makes a socket file owner-only (it is created with the umask's mode). */
export function restrictToOwner(socketPath: string): void {
  chmodSync(socketPath, 0o600);
}
