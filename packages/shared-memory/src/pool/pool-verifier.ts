import type { PoolVerification } from '../interfaces/pool-verification.interface';
import { MAX_REPORTED_PROBLEMS } from '../interfaces/pool-verification.interface';
import type { LmdbStore } from './lmdb-store';
import type { StoredRecord } from './record-layout';
import { decodeRecord } from './record-layout';

/** Decodes records' values, throwing when it cannot (a bad payload, a wrong key). */
export interface ValueDecoder {
  entry(key: string, record: StoredRecord): unknown;
  log(seq: number, record: StoredRecord): unknown;
}

/**
 * Recounts a pool from one read snapshot and compares it with what the pool keeps: every
 * entry and log record decodes, the log's sequence numbers are dense from `first` to `seq`,
 * the byte count equals the recount, and the expiry index lists exactly the entries that
 * expire. Reads only; safe while other processes write.
 */
export function verifyPool(
  store: LmdbStore,
  decodeValue: ValueDecoder,
): PoolVerification {
  const problems = new ProblemList();
  store.refresh();
  const state = store.readState();
  const entries = checkEntries(store, decodeValue, problems);
  const log = checkLog(store, state, decodeValue, problems);
  const expiryRows = checkExpiryIndex(store, entries.expiring, problems);
  const bytes = entries.bytes + log.bytes;
  if (bytes !== state.bytes) {
    problems.add(
      `the pool counts ${state.bytes} bytes, the recount finds ${bytes}`,
    );
  }
  return {
    ok: problems.count === 0,
    problems: problems.list(),
    entries: entries.count,
    logRecords: log.count,
    bytes,
    expiryRows,
    state: { seq: state.seq, first: state.first, bytes: state.bytes },
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

function checkLog(
  store: LmdbStore,
  state: { seq: number; first: number },
  decodeValue: ValueDecoder,
  problems: ProblemList,
): { count: number; bytes: number } {
  let count = 0;
  let bytes = 0;
  let expected = state.first;
  for (const { seq, record: buffer } of store.logRange(0)) {
    count += 1;
    bytes += buffer.length;
    if (seq < state.first || seq > state.seq) {
      problems.add(
        `log record ${seq} is outside the kept range ${state.first}..${state.seq}`,
      );
    } else if (seq !== expected) {
      problems.add(`log records ${expected}..${seq - 1} are missing`);
    }
    expected = seq + 1;
    const record = decodeRecord(buffer);
    if (!record) {
      problems.add(`log record ${seq} is not a record`);
    } else if (record.version !== seq) {
      problems.add(`log record ${seq} says it is record ${record.version}`);
    } else {
      checkValue(`log record ${seq}`, problems, () =>
        decodeValue.log(seq, record),
      );
    }
  }
  if (expected <= state.seq) {
    problems.add(`log records ${expected}..${state.seq} are missing`);
  }
  return { count, bytes };
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
