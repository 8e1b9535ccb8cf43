import type { ApplicationGraph } from '@mvent/core';
import type { SharedMemoryPool } from '@mvent/shared-memory';
import { readEventLog } from '@mvent/shared-memory';

/** Rows shown at most: the tail keeps the newest, the key list the first in key order. */
const TAIL_ROWS = 200;
const KEY_ROWS = 500;

/** One event of the live tail: its name and where it came from, not its value. */
export interface TailRow {
  seq: number;
  event: string;
  ts: number;
  origin: number;
}

/** One key of the pool, without its value (that is read only on request). */
export interface KeyRow {
  key: string;
  version: number;
  writerPid: number;
  updatedAt: number;
  expiresAt: number | null;
}

/**
 * The events matching `pattern` after sequence `after` (the last 50 when `after` is 0), at
 * most {@link TAIL_ROWS}.
 *
 * @throws TypeError for an invalid pattern
 */
export function tailRows(
  pool: SharedMemoryPool,
  pattern: string,
  after: number,
): TailRow[] {
  const rows: TailRow[] = [];
  // Positions start at 0: a negative `after` (or none) asks for the latest.
  const range = after >= 0 ? { from: after + 1 } : { last: 50 };
  for (const { seq, event, ts, origin } of readEventLog(pool, pattern, range)) {
    rows.push({ seq, event, ts, origin });
    if (rows.length > TAIL_ROWS) rows.shift();
  }
  return rows;
}

/** The pool's keys (the first {@link KEY_ROWS} in key order), with version, writer and TTL. */
export function keyRows(pool: SharedMemoryPool): {
  rows: KeyRow[];
  total: number;
} {
  const keys = pool.keys();
  const rows: KeyRow[] = [];
  for (const key of keys.slice(0, KEY_ROWS)) {
    const entry = pool.get(key, { withMetadata: true });
    if (!entry) continue; // expired since the listing
    rows.push({
      key,
      version: entry.version,
      writerPid: entry.writerPid,
      updatedAt: entry.updatedAt,
      expiresAt: entry.expiresAt ?? null,
    });
  }
  return { rows, total: keys.length };
}

/**
 * A key's value as JSON text, for the page to show when asked. Values the pool keeps that
 * JSON has no form for are shown as their nearest JSON: a Map as an object, a Set as an
 * array, a bigint or a Date as a string, bytes as base64.
 */
export function keyValueText(
  pool: SharedMemoryPool,
  key: string,
): string | undefined {
  const entry = pool.get(key, { withMetadata: true });
  if (!entry) return undefined;
  return JSON.stringify(
    entry.value,
    (_name, value: unknown): unknown => {
      if (value instanceof Map)
        return Object.fromEntries(value as Map<unknown, unknown>);
      if (value instanceof Set) return [...(value as Set<unknown>)];
      if (typeof value === 'bigint') return value.toString();
      if (ArrayBuffer.isView(value))
        return Buffer.from(
          value.buffer,
          value.byteOffset,
          value.byteLength,
        ).toString('base64');
      return value;
    },
    2,
  );
}

/** The application graph of each attached process that runs an mvent application. */
export function graphRows(
  pool: SharedMemoryPool,
): { pid: number; role: string; graph: ApplicationGraph }[] {
  return pool.attachedProcesses().flatMap(({ pid, role }) => {
    const graph = pool.applicationGraphOf(pid);
    return graph ? [{ pid, role, graph }] : [];
  });
}
