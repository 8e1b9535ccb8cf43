import type { PoolVerification } from '../interfaces/pool-verification.interface';
import { MAX_REPORTED_PROBLEMS } from '../interfaces/pool-verification.interface';
import type { LoggedEvent } from '../event-log/pool-event-log';
import type { LmdbStore } from './lmdb-store';
import type { StoredRecord } from './record-layout';
import { decodeRecord } from './record-layout';

/** Decodes records' values, throwing when it cannot (a bad payload, a wrong key). */
export interface ValueDecoder {
  entry(key: string, record: StoredRecord): unknown;
  log(record: StoredRecord): unknown;
}

/**
 * Recounts a pool from one read snapshot and compares it with what the pool keeps: every
 * entry decodes, the byte count equals the recount, the expiry index lists exactly the entries
 * that expire; every committed record of the event log decodes, in increasing positions; the
 * log still holds every record not folded into the entries (`retained`: the positions it holds).
 * Reads only; safe while other processes write.
 */
export function verifyPool(
  store: LmdbStore,
  events: Iterable<LoggedEvent>,
  retained: () => { from: number; to: number },
  decodeValue: ValueDecoder,
): PoolVerification {
  const problems = new ProblemList();
  store.refresh();
  const state = store.readState();
  const { from, to } = retained(); // after the state: `folded` only grows
  if (state.folded < from || state.folded > to) {
    problems.add(
      `the entries are folded from the event log up to ${state.folded}, outside the positions it holds (${from} to ${to})`,
    );
  }
  const entries = checkEntries(store, decodeValue, problems);
  const logRecords = checkLog(events, decodeValue, problems);
  const expiryRows = checkExpiryIndex(store, entries.expiring, problems);
  const bytes = entries.bytes;
  if (bytes !== state.bytes) {
    problems.add(
      `the pool counts ${state.bytes} bytes, the recount finds ${bytes}`,
    );
  }
  return {
    ok: problems.count === 0,
    problems: problems.list(),
    entries: entries.count,
    logRecords,
    bytes,
    expiryRows,
    state: { bytes: state.bytes },
  };
}

function checkEntries(
  store: LmdbStore,
  decodeValue: ValueDecoder,
  problems: ProblemList,
): { count: number; bytes: number; expiring: Map<string, number> } {
  let count = 0;
  let bytes = 0;
  const expiring = new Map<string, number>();
  for (const { key, value } of store.entryRange()) {
    count += 1;
    bytes += Buffer.byteLength(key) + value.length;
    const record = decodeRecord(value);
    if (!record) {
      problems.add(`entry ${JSON.stringify(key)} is not a record`);
      continue;
    }
    if (record.expiresAt !== 0) {
      expiring.set(key, record.expiresAt);
    }
    checkValue(`entry ${JSON.stringify(key)}`, problems, () =>
      decodeValue.entry(key, record),
    );
  }
  return { count, bytes, expiring };
}

/** Every committed record of the event log decodes, and positions only grow. */
function checkLog(
  events: Iterable<LoggedEvent>,
  decodeValue: ValueDecoder,
  problems: ProblemList,
): number {
  let count = 0;
  let previous = -1;
  for (const { seq, record } of events) {
    count += 1;
    if (seq <= previous) {
      problems.add(`event-log record at ${seq} comes after ${previous}`);
    }
    previous = seq;
    checkValue(`event-log record at ${seq}`, problems, () =>
      decodeValue.log(record),
    );
  }
  return count;
}

function checkExpiryIndex(
  store: LmdbStore,
  expiring: Map<string, number>,
  problems: ProblemList,
): number {
  let rows = 0;
  const indexed = new Set<string>();
  for (const { key, expiresAt } of store.expiryRange()) {
    rows += 1;
    indexed.add(key);
    if (expiring.get(key) !== expiresAt) {
      problems.add(
        `the expiry index lists ${JSON.stringify(key)} at ${expiresAt}, the entry says ${expiring.get(key) ?? 'it does not exist'}`,
      );
    }
  }
  for (const key of expiring.keys()) {
    if (!indexed.has(key)) {
      problems.add(
        `entry ${JSON.stringify(key)} expires but is not in the expiry index`,
      );
    }
  }
  return rows;
}

function checkValue(
  what: string,
  problems: ProblemList,
  decode: () => unknown,
): void {
  try {
    decode();
  } catch (error) {
    problems.add(`${what} cannot be decoded: ${(error as Error).message}`);
  }
}

/** Problems found, of which the first {@link MAX_REPORTED_PROBLEMS} are kept. */
class ProblemList {
  count = 0;
  private readonly kept: string[] = [];

  add(problem: string): void {
    this.count += 1;
    if (this.kept.length < MAX_REPORTED_PROBLEMS) {
      this.kept.push(problem);
    }
  }

  list(): string[] {
    const more = this.count - this.kept.length;
    return more > 0
      ? [...this.kept, `and ${more} more problems`]
      : [...this.kept];
  }
}
