import { createHash } from 'node:crypto';
import { mkdirSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_SOCKET_PATH } from '../constants';

/**
 * Where a process's Unix socket for `pool` lives: `<pool>/sockets/<file>`, or a short path
 * in the temp dir when that would pass the socket-path limit. The directory is created
 * owner-only, so other users can neither connect nor listen there.
 */
export function socketPathFor(poolPath: string, file: string): string {
  const preferred = join(poolPath, 'sockets', file);
  if (Buffer.byteLength(preferred) <= MAX_SOCKET_PATH) {
    mkdirSync(join(poolPath, 'sockets'), { recursive: true, mode: 0o700 });
    return preferred;
  }
  const hash = createHash('sha256').update(poolPath).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), `mvent-${hash}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
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
