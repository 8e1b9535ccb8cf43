import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SharedMemoryPool } from '@mvent/shared-memory';
import type { Worker } from './worker.util';
import { startWorker } from './worker.util';

/** What a writer's `run` or `stop` answers. */
export interface RunResult {
  done: number;
  deleted: number;
  error?: string;
  reason?: string;
}

/** Roles whose writes are log records (events, messages, room and stream posts). */
export const LOGGED_ROLES = new Set(['emit', 'publish', 'room', 'stream']);

/** Starts `n` torture workers at once. */
export function startTortureWorkers(n: number, dir: string): Promise<Worker[]> {
  return Promise.all(
    Array.from({ length: n }, () =>
      startWorker('unused', dir, undefined, 'torture-worker.ts'),
    ),
  );
}

/**
 * How far `list` is from `0, 1, …, expected - 1`: its length and the first index where it
 * differs (`-1`: none). Compared as a whole, a mismatch of thousands of numbers is unreadable.
 */
export function sequenceReport(
  list: readonly number[] | undefined,
  expected: number,
): { length: number; firstWrong: number } {
  const values = list ?? [];
  const firstWrong = values.findIndex((value, index) => value !== index);
  return {
    length: values.length,
    firstWrong:
      firstWrong === -1 && values.length !== expected
        ? Math.min(values.length, expected)
        : firstWrong,
  };
}

/** The report of a complete sequence of `n`. */
export const complete = (n: number) => ({ length: n, firstWrong: -1 });

/** A writer's mark, or a room post (`{ from, message }`) that carries one. */
type Logged = { w: number; i: number } | { message: { w: number; i: number } };

/** Each writer's `i`s in the order of the pool's log, read from a new handle on the pool. */
export function logByWriter(pool: SharedMemoryPool): Record<number, number[]> {
  const byWriter: Record<number, number[]> = {};
  for (const { record } of pool.events.read()) {
    const logged = pool.decodeLogValue(record) as Logged;
    const { w, i } = 'message' in logged ? logged.message : logged;
    (byWriter[w] ??= []).push(i);
  }
  return byWriter;
}

/** The `i`s of the keys `<prefix>.<w>.<i>`, in numeric order. */
export function keyIndexes(
  pool: SharedMemoryPool,
  prefix: string,
  w: number,
): number[] {
  return pool
    .keys(`${prefix}.${w}.*`)
    .map(key => Number(key.slice(key.lastIndexOf('.') + 1)))
    .sort((a, b) => a - b);
}

/** A small seeded generator, so that a failing run can be replayed with its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Resolves after `ms` (a stagger between process starts, not a wait for a condition). */
export const pause = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));

/** Opens the pool `name` in `dir` from the test process, runs `check`, and closes it. */
export async function inspectPool<T>(
  name: string,
  dir: string,
  check: (pool: SharedMemoryPool) => T,
  maxPoolBytes?: number,
): Promise<T> {
  const pool = new SharedMemoryPool({
    name,
    dir,
    maxPoolBytes,
    retention: { bytes: 64 * 1024 * 1024 }, // as the torture workers ask
  });
  try {
    return check(pool);
  } finally {
    await pool.close();
  }
}

/**
 * Mounts a tmpfs of `mebibytes` (8 MiB unless told), as root can (CI runs as root). Elsewhere
 * `path` is undefined and `skipped` says why, for the test's title.
 */
export function mountSmallTmpfs(mebibytes = 8): {
  path?: string;
  skipped: string;
  unmount(): void;
} {
  const path = mkdtempSync(join(tmpdir(), 'mvent-tmpfs-'));
  const remove = () => rmSync(path, { recursive: true, force: true });
  try {
    execFileSync(
      'mount',
      ['-t', 'tmpfs', '-o', `size=${mebibytes}m,mode=0700`, 'tmpfs', path],
      {
        stdio: 'ignore',
      },
    );
  } catch {
    remove();
    return {
      skipped: ' (skipped: mounting a tmpfs needs root)',
      unmount: () => undefined,
    };
  }
  return {
    path,
    skipped: '',
    unmount: () => {
      execFileSync('umount', [path]);
      remove();
    },
  };
}

/** Fills the file system of `dir` with a file of zeros until it has no room left. */
export function fillFileSystem(dir: string): void {
  const fd = openSync(join(dir, 'filler'), 'w');
  const block = Buffer.alloc(64 * 1024);
  try {
    for (let size = block.length; size >= 512;) {
      try {
        writeSync(fd, block, 0, size);
      } catch {
        size /= 2; // the last blocks, smaller
      }
    }
  } finally {
    closeSync(fd);
  }
}
