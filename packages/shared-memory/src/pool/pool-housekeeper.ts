import type { ApplicationGraph } from '@mvent/core';
import { Logger } from '@mvent/core';
import { HEARTBEAT_MS } from '../constants';
import { combineSnapshots, retireSnapshot } from '../monitoring/retired-stats';
import type {
  DepartedProcess,
  StatsSnapshot,
} from '../monitoring/stats.interface';
import type { LmdbStore } from './lmdb-store';
import { withDeparture } from './process-departures';
import { processStartTicks } from './process-identity';
import type { ProcessRecord } from './process-record';
import { isAlive, removeSocketFiles } from './process-record';
import { holdSweeperLease, releaseSweeperLease, sweep } from './pool-sweeper';

/** The summed counters of the processes that left: see `retireSnapshot`. */
const RETIRED_META = 'retiredStats';
/** The last processes that left: see `withDeparture`. */
const DEPARTURES_META = 'departures';
const logger = new Logger('SharedMemoryPool');
/** Where process `pid`'s application graph is kept: apart from its record (rewritten each second), written when it changes. */
const graphKey = (pid: number) => `graph:${pid}`;
/** The housekeeper of each store open in this process. */
const housekeepers = new WeakMap<LmdbStore, PoolHousekeeper>();

/**
 * Keeps this process's record in the pool's registry (with a heartbeat), finds peers,
 * removes the records and socket files of processes that died without detaching, and
 * runs the sweeper when this process holds the sweeper lease.
 */
export class PoolHousekeeper {
  private readonly record: ProcessRecord;
  private readonly timer: NodeJS.Timeout;
  /** Each bus's statistics (a closed bus's stay, so that no counter goes down). */
  private readonly statsProviders: (() => StatsSnapshot)[] = [];
  /** The pools of this process on this store: they share one record. */
  private users = 1;
  private graphProvider: (() => ApplicationGraph) | undefined;
  /** The graph last written to the pool: written again only when it changes. */
  private publishedGraph: ApplicationGraph | undefined;
  /** What this process last published, as a reaper would retire it. */
  private lastPublished: StatsSnapshot | undefined;
  private stopped = false;
  /** The message of the heartbeat failure last logged, to log each one once. */
  private failing: string | undefined;

  private constructor(
    private readonly store: LmdbStore,
    role: string,
  ) {
    const now = Date.now();
    this.record = {
      pid: process.pid,
      role,
      startTicks: processStartTicks(process.pid),
      attachedAt: now,
      heartbeatAt: now,
      sockets: [],
    };
    this.store.transaction(() =>
      this.store.putProcess(process.pid, this.record),
    );
    this.timer = setInterval(() => this.beatOrWarn(), HEARTBEAT_MS).unref();
  }

  /** This process's own record. */
  get self(): ProcessRecord {
    return this.record;
  }

  /** Publishes a socket other processes nudge this one's bus on. */
  addSocket(path: string): void {
    this.record.sockets = [...(this.record.sockets ?? []), path];
    this.publish();
  }

  /** Withdraws a socket (its bus closed). */
  removeSocket(path: string): void {
    this.record.sockets = this.record.sockets?.filter(s => s !== path);
    if (!this.stopped) this.publish();
  }

  /** Adds a bus whose statistics the heartbeat publishes. */
  addStatsProvider(provider: () => StatsSnapshot): void {
    this.statsProviders.push(provider);
  }

  /**
   * The housekeeper of `store` in this process: one per pool folder, however many
   * `SharedMemoryPool`s of it the process opens, since the registry keeps one record per
   * process. Each `acquire` takes a `release`.
   */
  static acquire(store: LmdbStore, role: string): PoolHousekeeper {
    const shared = housekeepers.get(store);
    if (shared && !shared.stopped) {
      shared.users += 1;
      return shared;
    }
    const created = new PoolHousekeeper(store, role);
    housekeepers.set(store, created);
    return created;
  }

  /** Detaches this process once the last of its pools on this store releases it. */
  release(): void {
    this.users -= 1;
    if (this.users === 0) this.stop();
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

  /**
   * Forgets a peer whose socket refused a connection, if it is gone: its record (its
   * counters kept) and its socket files. A live process keeps its record (one of its buses
   * closed, or it is between two sockets).
   */
  forgetIfDead(record: ProcessRecord): void {
    if (isAlive(record, Date.now())) return;
    this.store.transaction(() => {
      const stored = this.store.getProcess<ProcessRecord>(record.pid);
      if (!stored) return; // another process forgot it first
      this.remove(stored, 'died');
    });
    removeSocketFiles(record);
  }

  /** Stops the heartbeat and detaches this process. */
  stop(): void {
    if (this.stopped) {
      return;
    }
    this.stopped = true;
    clearInterval(this.timer);
    try {
      this.store.transaction(() => {
        // Its counters stay in the pool's totals after it leaves.
        this.takeBackIfReaped();
        this.remove({ ...this.record, stats: this.snapshot() }, 'closed');
        releaseSweeperLease(this.store);
      });
    } catch (error) {
      // A full file system must not keep the pool open: peers find this process gone instead.
      logger.warn(
        `This process could not record that it left the pool (${(error as Error).message}); the others will find it gone.`,
      );
    }
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
    this.record.stats = this.snapshot();
    const graph = this.graphProvider?.();
    let dead: ProcessRecord[] = [];
    // Never waits for the lock: a process in a long update must not freeze every other
    // process's event loop. A beat that finds the lock taken is skipped; the next one runs.
    this.store.tryTransaction(() => {
      this.takeBackIfReaped();
      this.store.putProcess(process.pid, this.record);
      this.lastPublished = this.record.stats;
      if (graph !== this.publishedGraph) {
        this.store.putMeta(graphKey(process.pid), graph);
        this.publishedGraph = graph;
      }
      dead = [...this.store.processes<ProcessRecord>()].filter(
        record => record.pid !== process.pid && !isAlive(record, now),
      );
      for (const record of dead) this.remove(record, 'died');
      if (holdSweeperLease(this.store, now)) {
        sweep(this.store, now);
      }
    });
    dead.forEach(removeSocketFiles);
  }

  /** The application graph process `pid` published, if any. */
  graphOf(pid: number): ApplicationGraph | undefined {
    return this.store.getMeta<ApplicationGraph>(graphKey(pid));
  }

  /** Removes `record` from the registry, its counters retired and its departure noted. Call inside a transaction. */
  private remove(record: ProcessRecord, how: DepartedProcess['how']): void {
    this.retire(record.stats, 1);
    this.store.removeProcess(record.pid);
    this.store.removeMeta(graphKey(record.pid));
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
      this.publishedGraph = undefined; // removed with the record
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

  /** This process's snapshot: its buses' combined. */
  private snapshot(): StatsSnapshot | undefined {
    if (this.statsProviders.length === 0) return undefined;
    return combineSnapshots(this.statsProviders.map(provider => provider()));
  }
}
