import { Logger } from '@mvent/core';
import type { PoolEventLog } from '../event-log/pool-event-log';
import type { LmdbStore } from './lmdb-store';
import type { StoredRecord } from './record-layout';
import { RECORD_HEADER_BYTES } from './record-layout';
import type { ValueCodec } from './value-codec';

/**
 * Stores an entry's packed value, with its writer's pid, time and expiry, in the caller's
 * transaction, as the latest of `writes` writes (its version grows by that many).
 */
export type EntryWrite = (
  key: string,
  packed: Buffer,
  record: StoredRecord,
  writes: number,
) => void;

/** A key's latest record in the part of the log being folded. */
interface LatestWrite {
  record: StoredRecord;
  position: number;
  /** The key's records in that part. */
  writes: number;
}

/**
 * What a fold does with the values it passes: `fold` stores them; `discard` only moves past
 * them, for `clear()`, which removes them anyway (and so needs no room on a full disk).
 */
export type FoldMode = 'fold' | 'discard';

const logger = new Logger('SharedMemoryPool');

/**
 * Folds the event log into the pool's entries: the latest record that `emit` wrote for each
 * key since the last fold becomes its entry's value (the others only count in its version),
 * in one write transaction that also moves the store's `folded` position. A fold runs before
 * every other write (so that `set`, `update` and `delete` come after every `emit` committed
 * before them; `clear` passes over them), before reads that list entries, and when a writer
 * would recycle a term not folded yet.
 *
 * A record whose writer has not finished it holds the fold up until it is committed, or
 * skipped because its writer died or stopped for the unblock timeout: records are folded in
 * order, so the fold cannot pass it (see `PoolEventLog.readStored`).
 */
export class LogFolder {
  constructor(
    private readonly poolName: string,
    private readonly store: LmdbStore,
    private readonly events: PoolEventLog,
    private readonly codec: ValueCodec,
    private readonly writeEntry: EntryWrite,
  ) {}

  /** Folds in a transaction of its own. */
  fold(): void {
    this.foldThen(() => undefined);
  }

  /**
   * Runs `work` in a transaction (told about `valueBytes` of values), after folding the log in
   * it (or discarding it, see {@link FoldMode}); tells the log of the fold once committed.
   */
  foldThen<T>(work: () => T, valueBytes = 0, mode: FoldMode = 'fold'): T {
    let folded = 0;
    const result = this.store.transaction(() => {
      folded = this.foldInTransaction(mode);
      return work();
    }, valueBytes);
    this.events.log.raiseFolded(folded);
    return result;
  }

  /** Folds now if it can (a pool that closes); else warns: the next fold takes it up. */
  foldOrWarn(): void {
    try {
      this.fold();
    } catch (error) {
      logger.warn(
        `Pool "${this.poolName}": the values emitted since the last fold could not be folded into the entries now (${(error as Error).message}); the next write or listing will.`,
      );
    }
  }

  /**
   * Folds every record committed before the log's tail now, in the caller's transaction.
   * Returns the new folded position: tell the log with `raiseFolded` once it is committed
   * (before, a term could be recycled that an aborted transaction had not folded).
   */
  foldInTransaction(mode: FoldMode = 'fold'): number {
    const log = this.events.log;
    const target = this.events.tail();
    if (log.folded() >= target) return target; // the common case, without a read of the store
    const from = this.store.foldedPosition();
    // Committed: a process that died before telling the log did not hold it back for ever.
    log.raiseFolded(from);
    if (from >= target) return from;
    // Payloads stay views of the log: the terms cannot be recycled before this fold commits.
    const latest = new Map<string, LatestWrite>();
    const folded = this.events.readStored(
      from,
      target,
      mode === 'fold'
        ? (record, position) => remember(latest, record, position)
        : () => undefined,
      missed => this.reportGap(missed),
    );
    this.store.reserveRoom(bytesToFold(latest));
    for (const [key, write] of latest) this.apply(key, write);
    const state = this.store.readState();
    state.folded = folded;
    this.store.writeState(state);
    return folded;
  }

  private apply(key: string, { record, position, writes }: LatestWrite): void {
    let packed: Buffer;
    try {
      packed = this.codec.open(
        { name: record.name, version: record.version, log: true },
        record.flags,
        record.payload,
      );
    } catch (error) {
      logger.error(
        `Pool "${this.poolName}": the value emitted under "${key}" at ${position} cannot be opened (${(error as Error).message}); the entry keeps its previous value.`,
      );
      return;
    }
    this.writeEntry(key, packed, record, writes);
  }

  /** Only a log written before the store knew of folds, or a damaged one, gets here. */
  private reportGap(missed: number): void {
    logger.error(
      `Pool "${this.poolName}": ${missed} event-log records were recycled before they were folded into the entries; values emitted in them are lost.`,
    );
  }
}

/**
 * Notes `record` as its key's latest write in `latest`, updated in place: a fold may pass a
 * million records of a few keys.
 */
function remember(
  latest: Map<string, LatestWrite>,
  record: StoredRecord,
  position: number,
): void {
  const seen = latest.get(record.name);
  if (seen) {
    seen.record = record;
    seen.position = position;
    seen.writes += 1;
  } else {
    latest.set(record.name, { record, position, writes: 1 });
  }
}

/** About the bytes the entries of a fold take: their keys and records. */
function bytesToFold(latest: Map<string, LatestWrite>): number {
  let bytes = 0;
  for (const [key, { record }] of latest) {
    bytes +=
      Buffer.byteLength(key) + RECORD_HEADER_BYTES + record.payload.length;
  }
  return bytes;
}
