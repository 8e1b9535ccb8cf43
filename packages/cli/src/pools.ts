import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { PoolStats } from '@mvent/shared-memory';
import {
  defaultPoolsDirectory,
  MemoryEventBus,
  readEventLog,
  SharedMemoryPool,
} from '@mvent/shared-memory';
import { CliError } from './cli-error';

/** The pools folder the commands use: `--dir`, `MVENT_POOL_DIR`, or the engine's default. */
export function poolsDirectory(dir?: string): string {
  return dir ?? process.env.MVENT_POOL_DIR ?? defaultPoolsDirectory();
}

/** Whether `<dir>/<name>` holds a pool. */
export function poolExists(dir: string, name: string): boolean {
  return existsSync(join(dir, name, 'data.mdb'));
}

/** The names of the pools in `dir`, sorted. */
export async function poolNames(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter(entry => entry.isDirectory() && poolExists(dir, entry.name))
    .map(entry => entry.name)
    .sort();
}

/** An existing pool, opened. @throws CliError when there is no such pool */
export function openPool(dir: string, name: string): SharedMemoryPool {
  if (!poolExists(dir, name)) {
    throw new CliError(
      `no pool ${JSON.stringify(name)} in ${dir} (see: mvent pools)`,
    );
  }
  return new SharedMemoryPool({ name, dir });
}

/** Runs `use` with the pool `name` open, and closes it. */
export async function withPool<T>(
  dir: string,
  name: string,
  use: (pool: SharedMemoryPool) => T | Promise<T>,
): Promise<T> {
  const pool = openPool(dir, name);
  try {
    return await use(pool);
  } finally {
    await pool.close();
  }
}

/** Runs `use` with a bus on the pool `name`, and closes both. */
export function withBus<T>(
  dir: string,
  name: string,
  use: (bus: MemoryEventBus) => T | Promise<T>,
): Promise<T> {
  return withBuses(dir, [name], buses => use(buses[0]));
}

/**
 * Runs `use` with a bus on each pool of `names` (every pool of `dir` when empty), and
 * closes them all.
 *
 * @throws CliError when a pool does not exist, or `dir` has none
 */
export async function withBuses<T>(
  dir: string,
  names: string[],
  use: (buses: MemoryEventBus[]) => T | Promise<T>,
): Promise<T> {
  const chosen = names.length > 0 ? names : await poolNames(dir);
  if (chosen.length === 0) {
    throw new CliError(`no pools in ${dir}: name one, or start an app first`);
  }
  const pools: SharedMemoryPool[] = [];
  const buses: MemoryEventBus[] = [];
  try {
    for (const name of chosen) {
      pools.push(openPool(dir, name));
      buses.push(new MemoryEventBus(pools[pools.length - 1]));
    }
    return await use(buses);
  } finally {
    for (const bus of buses) await bus.close();
    for (const pool of pools) await pool.close();
  }
}

/** The pids of the live processes attached to `pool`, this one left out. */
export function otherProcesses(pool: SharedMemoryPool): number[] {
  return pool.attachedPids().filter(pid => pid !== process.pid);
}

/** A pool's line in `mvent pools`. */
export interface PoolSummary extends PoolStats {
  /** Attached processes other than the CLI. */
  processes: number[];
  /**
   * When the newest event was emitted, or `undefined` with none. Not the data file's time,
   * which the CLI's own open and every attached process's heartbeat change.
   */
  lastEvent: Date | undefined;
}

/** The summary of the pool `name`, as it is without the CLI attached to it. */
export function summarize(dir: string, name: string): Promise<PoolSummary> {
  return withPool(dir, name, pool => {
    const processes = otherProcesses(pool);
    const newest = readEventLog(pool, '**', { last: 1 }).next();
    return {
      ...pool.getStats(),
      attachedProcesses: processes.length,
      processes,
      lastEvent: newest.done ? undefined : new Date(newest.value.ts),
    };
  });
}
