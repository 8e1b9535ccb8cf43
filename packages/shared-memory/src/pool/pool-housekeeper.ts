import { unlinkSync } from 'node:fs';
import type { ApplicationGraph } from '@mvent/core';
import { Logger } from '@mvent/core';
import { HEARTBEAT_MS, SWEEPER_LEASE_MS } from '../constants';
import { retireSnapshot } from '../monitoring/retired-stats';
import type {
  DepartedProcess,
  StatsSnapshot,
} from '../monitoring/stats.interface';
import type { LmdbStore } from './lmdb-store';
import { withDeparture } from './process-departures';
import { readTimestamp } from './record-layout';

/** What each attached process publishes about itself in the pool. */
export interface ProcessRecord {
  pid: number;
  /** What it is, for operators (the pool's `role` option); absent in older versions' records. */
  role?: string;
  /** The Unix socket that wakes it up, once it listens. */
  socket?: string;
  attachedAt: number;
  heartbeatAt: number;
  /** Its latest statistics snapshot, for the view aggregated over processes. */
  stats?: StatsSnapshot;
  /** Its application's modules and handlers, when it runs an mvent application. */
  graph?: ApplicationGraph;
}

interface SweeperLease {
  pid: number;
  until: number;
}

const SWEEPER_META = 'sweeper';
/** The summed counters of the processes that left: see `retireSnapshot`. */
const RETIRED_META = 'retiredStats';
/** The last processes that left: see `withDeparture`. */
const DEPARTURES_META = 'departures';
const logger = new Logger('SharedMemoryPool');
/** A process that has not refreshed its record for this long is considered gone. */
const STALE_AFTER_MS = HEARTBEAT_MS * 5;

/**
 * Keeps this process's record in the pool's registry (with a heartbeat), finds peers,
 * removes the records and socket files of processes that died without detaching, and
 * runs the sweeper when this process holds the sweeper lease.
 */
export class PoolHousekeeper {
  private readonly record: ProcessRecord;
  private readonly timer: NodeJS.Timeout;
  private statsProvider: (() => StatsSnapshot) | undefined;
  private graphProvider: (() => ApplicationGraph) | undefined;
  /** What this process last published, as a reaper would retire it. */
  private lastPublished: StatsSnapshot | undefined;
  private stopped = false;
  /** The message of the heartbeat failure last logged, to log each one once. */
  private failing: string | undefined;

  constructor(
    private readonly store: LmdbStore,
    private readonly retentionAgeMs: number,
    role: string,
  ) {
    const now = Date.now();
    this.record = { pid: process.pid, role, attachedAt: now, heartbeatAt: now };
    this.store.transaction(() =>
      this.store.putProcess(process.pid, this.record),
    );
    this.timer = setInterval(() => this.beatOrWarn(), HEARTBEAT_MS).unref();
  }

  /** This process's own record. */
  get self(): ProcessRecord {
    return this.record;
  }

  /** Publishes the socket other processes nudge this one on. */
  setSocket(path: string): void {
    this.record.socket = path;
    this.publish();
  }

  /** Sets where the heartbeat takes the stats snapshot it publishes. */
  setStatsProvider(provider: () => StatsSnapshot): void {
    this.statsProvider = provider;
  }

  /** Sets where the heartbeat takes the application graph it publishes. */
  setGraphProvider(provider: () => ApplicationGraph): void {
    this.graphProvider = provider;
  }

  /** Live processes attached to the pool, this one included. */
  attachedPids(): number[] {
    return this.liveRecords().map(record => record.pid);
  }

  /** Live processes other than this one. */
  peers(): ProcessRecord[] {
    return this.liveRecords().filter(record => record.pid !== process.pid);
  }

  /** Every live record, this one included (for aggregated statistics). */
  liveRecords(): ProcessRecord[] {
    const now = Date.now();
    const live: ProcessRecord[] = [];
    for (const record of this.store.processes<ProcessRecord>()) {
      if (record.pid === process.pid || isAlive(record, now)) {
        live.push(record);
      }
    }
    return live;
  }

  /**
   * Every record in one pass, for totals: the live records, and the counters of those that
   * left (the retired totals plus the dead records not reaped yet). A record is in exactly
   * one of the two, whatever dies meanwhile, so a sum of both never goes down.
   */
  partitionForTotals(): { live: ProcessRecord[]; left?: StatsSnapshot } {
    const now = Date.now();
    const live: ProcessRecord[] = [];
    const retired = this.store.getMeta<StatsSnapshot>(RETIRED_META);
    let left = retired && structuredClone(retired);
    for (const record of this.store.processes<ProcessRecord>()) {
      if (record.pid === process.pid || isAlive(record, now)) {
        live.push(record);
      } else if (record.stats) {
        left = retireSnapshot(left, record.stats);
      }
    }
    return { live, left };
  }

  /** The last processes that left, newest first. */
  departures(): DepartedProcess[] {
    return this.store.getMeta<DepartedProcess[]>(DEPARTURES_META) ?? [];
  }

  /** Forgets a peer that is gone: its record (its counters kept) and its socket file. */
  forget(record: ProcessRecord): void {
    this.store.transaction(() => {
      const stored = this.store.getProcess<ProcessRecord>(record.pid);
      if (!stored) return; // another process forgot it first
      this.remove(stored, 'died');
    });
    removeSocketFile(record);
  }

  /** Stops the heartbeat and detaches this process. */
  stop(): void {
    if (this.stopped) {
      return;
    }
    this.stopped = true;
    clearInterval(this.timer);
    this.store.transaction(() => {
      // Its counters stay in the pool's totals after it leaves.
      this.takeBackIfReaped();
      this.remove({ ...this.record, stats: this.statsProvider?.() }, 'closed');
      const lease = this.store.getMeta<SweeperLease>(SWEEPER_META);
      if (lease?.pid === process.pid) {
        this.store.putMeta(SWEEPER_META, { pid: 0, until: 0 });
      }
    });
  }

  /**
   * @internal One heartbeat, in a single write transaction: publish this process's record,
   * reap dead peers, and sweep if this process holds the sweeper lease. Exposed for tests.
   */
  beat(): void {
    if (this.stopped) {
      return;
    }
    const now = Date.now();
    this.record.heartbeatAt = now;
    this.record.stats = this.statsProvider?.();
    this.record.graph = this.graphProvider?.();
    let dead: ProcessRecord[] = [];
    // Never waits for the lock: a process in a long update must not freeze every other
    // process's event loop. A beat that finds the lock taken is skipped; the next one runs.
    this.store.tryTransaction(() => {
      this.takeBackIfReaped();
      this.store.putProcess(process.pid, this.record);
      this.lastPublished = this.record.stats;
      dead = [...this.store.processes<ProcessRecord>()].filter(
        record => record.pid !== process.pid && !isAlive(record, now),
      );
      for (const record of dead) this.remove(record, 'died');
      if (this.holdSweeperLease(now)) {
        this.sweep(now);
      }
    });
    dead.forEach(removeSocketFile);
  }

  /** Removes `record` from the registry, its counters retired and its departure noted. Call inside a transaction. */
  private remove(record: ProcessRecord, how: DepartedProcess['how']): void {
    this.retire(record.stats, 1);
    this.store.removeProcess(record.pid);
    this.store.putMeta(
      DEPARTURES_META,
      withDeparture(this.departures(), record, how),
    );
  }

  /** Adds (or takes back) a snapshot to the retired totals, in the caller's write transaction. */
  private retire(stats: StatsSnapshot | undefined, sign: 1 | -1): void {
    if (!stats) return;
    this.store.putMeta(
      RETIRED_META,
      retireSnapshot(
        this.store.getMeta<StatsSnapshot>(RETIRED_META),
        stats,
        sign,
      ),
    );
  }

  /**
   * A peer took this live process for dead (its event loop was blocked) and retired what it
   * last published: take that back before publishing again, or it would count twice.
   */
  private takeBackIfReaped(): void {
    if (this.lastPublished && !this.store.getProcess(process.pid)) {
      this.retire(this.lastPublished, -1);
      this.lastPublished = undefined;
    }
  }

  /** A heartbeat from the timer: a failure (a full disk) is logged, never thrown from a timer. */
  private beatOrWarn(): void {
    try {
      this.beat();
      this.failing = undefined;
    } catch (error) {
      const message = (error as Error).message;
      if (this.failing !== message) {
        this.failing = message;
        logger.warn(`Heartbeat not written, retrying every second: ${message}`);
      }
    }
  }

  private publish(): void {
    this.record.heartbeatAt = Date.now();
    this.store.transaction(() =>
      this.store.putProcess(process.pid, this.record),
    );
  }

  /** Takes or renews the sweeper lease unless another live process holds it. Call inside a transaction. */
  private holdSweeperLease(now: number): boolean {
    const lease = this.store.getMeta<SweeperLease>(SWEEPER_META);
    if (lease && lease.pid !== process.pid && lease.until > now) {
      return false;
    }
    this.store.putMeta(SWEEPER_META, {
      pid: process.pid,
      until: now + SWEEPER_LEASE_MS,
    });
    return true;
  }

  /** Removes expired entries (through the expiry index) and log records past their age. Call inside a transaction. */
  private sweep(now: number): void {
    const state = this.store.readState();
    for (const { key, expiresAt } of [...this.store.expiredKeys(now)]) {
      const size = this.store.entrySize(key);
      if (size > 0) {
        state.bytes -= size + Buffer.byteLength(key);
        state.expired += 1;
        this.store.removeEntry(key);
      }
      this.store.reindexExpiry(key, expiresAt, 0);
    }
    const oldest = now - this.retentionAgeMs;
    for (const { seq, record } of this.store.logRange(state.first)) {
      if (readTimestamp(record) > oldest) {
        break;
      }
      state.bytes -= record.length;
      this.store.removeLog(seq);
      state.first = seq + 1;
    }
    this.store.writeState(state);
  }
}

function removeSocketFile(record: ProcessRecord): void {
  if (record.socket) {
    try {
      unlinkSync(record.socket);
    } catch {
      // Already removed by another process.
    }
  }
}

/** Alive: a recent heartbeat and a pid that still exists. */
function isAlive(record: ProcessRecord, now: number): boolean {
  if (now - record.heartbeatAt > STALE_AFTER_MS) {
    return false;
  }
  try {
    process.kill(record.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
