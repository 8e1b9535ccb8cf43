import type { Dirent } from 'node:fs';
import { lstat, readdir, rmdir, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { LoggerService } from '@mvent/core';
import { readRequestTime } from '../util/request-time.util';
import { CleanupStats } from './cleanup-stats';

/** Options of {@link RpcSweeper}. */
export interface RpcSweeperOptions {
  /** Files older than this are removed, in milliseconds. */
  expiryMs: number;
  /** Time between runs, in milliseconds; the first run is at start. */
  intervalMs: number;
  /** Files the server is handling right now; they are left alone. */
  isBusy: (path: string) => boolean;
  logger: LoggerService;
  /** Called with each run's counts. */
  onRunComplete?: (run: CleanupStats) => void;
  /** Called as a run goes, with the number of files looked at so far. */
  onProgress?: (filesSeen: number) => void;
}

const MARKER =
  /\.(syftrejected|rejected|conflict)(\.\d+)?\.request$|\.syft\.tmp\./;
/** Empty folders younger than this may be about to receive a request. */
const FOLDER_GRACE_MS = 60_000;

/**
 * Removes old files from one app's `rpc/` now and then, as syft-event's cleanup, and also
 * what it leaves behind (B16): orphan responses, markers, unreadable requests and empty
 * sender folders. A request's age is the older of its `created` and its file time, so a
 * forged future `created` cannot keep it forever. Endpoint folders (with `.syftkeep`) stay.
 * The engine behind `SyftEvents`' cleanup and the public {@link PeriodicCleanup}.
 */
export class RpcSweeper {
  /** The totals since start (live). */
  readonly stats = new CleanupStats();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<CleanupStats> | undefined;
  private filesSeen = 0;

  constructor(
    private readonly rpcDir: string,
    private readonly options: RpcSweeperOptions,
  ) {}

  /** Whether runs are scheduled. */
  get isRunning(): boolean {
    return this.timer !== undefined;
  }

  /** Runs once now, then every interval. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(
      () => void this.runOnce(),
      this.options.intervalMs,
    );
    this.timer.unref();
    void this.runOnce();
  }

  /** Stops scheduling and waits for a run in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /**
   * One pass over `rpc/`, resolving with its counts; concurrent calls share the pass in
   * progress. Never rejects: a failure is logged and counted as an error.
   */
  runOnce(now = Date.now()): Promise<CleanupStats> {
    this.running ??= this.sweep(now).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async sweep(now: number): Promise<CleanupStats> {
    const run = new CleanupStats();
    this.filesSeen = 0;
    const cutoff = now - this.options.expiryMs;
    try {
      await this.sweepFolder(run, this.rpcDir, cutoff, now, true);
    } catch (error) {
      run.count('errors');
      this.options.logger.error(`Cleanup failed: ${(error as Error).message}`);
    }
    run.lastCleanup = new Date(now);
    this.stats.add(run);
    this.options.logger.debug?.(`Cleanup of ${this.rpcDir}: ${String(run)}`);
    try {
      this.options.onRunComplete?.(run);
    } catch (error) {
      this.options.logger.error(
        `onCleanupComplete failed: ${(error as Error).message}`,
      );
    }
    return run;
  }

  /** Cleans one folder depth first; returns whether it is now empty. */
  private async sweepFolder(
    run: CleanupStats,
    dir: string,
    cutoff: number,
    now: number,
    isRoot = false,
  ): Promise<boolean> {
    const entries: Dirent[] = await readdir(dir, { withFileTypes: true }).catch(
      () => [],
    );
    let remaining = entries.length;
    for (const entry of entries) {
      const path = join(dir, entry.name);
      const removed = entry.isDirectory()
        ? (await this.sweepFolder(run, path, cutoff, now)) &&
          (await this.removeFolder(run, path, now))
        : entry.isFile() &&
          !isRoot &&
          (await this.sweepFile(run, path, cutoff));
      if (entry.isFile()) this.options.onProgress?.(++this.filesSeen);
      if (removed) remaining--;
    }
    return remaining === 0;
  }

  private async sweepFile(
    run: CleanupStats,
    path: string,
    cutoff: number,
  ): Promise<boolean> {
    const name = basename(path);
    if (name === '.syftkeep' || this.options.isBusy(path)) return false;
    const stats = await lstat(path).catch(() => undefined);
    if (!stats) return true;
    if (MARKER.test(name)) {
      return stats.mtimeMs < cutoff && this.remove(run, path, 'markersDeleted');
    }
    if (name.endsWith('.request')) {
      const created = readRequestTime(path, 'created');
      if (Math.min(created ?? Infinity, stats.mtimeMs) >= cutoff) return false;
      await this.remove(
        run,
        path.replace(/\.request$/, '.response'),
        'responsesDeleted',
      );
      return this.remove(run, path, 'requestsDeleted');
    }
    if (name.endsWith('.response')) {
      const hasRequest = await lstat(
        path.replace(/\.response$/, '.request'),
      ).then(
        () => true,
        () => false,
      );
      return (
        !hasRequest &&
        stats.mtimeMs < cutoff &&
        this.remove(run, path, 'responsesDeleted')
      );
    }
    return false;
  }

  private async remove(
    run: CleanupStats,
    path: string,
    counter: 'requestsDeleted' | 'responsesDeleted' | 'markersDeleted',
  ): Promise<boolean> {
    try {
      await unlink(path);
      run.count(counter);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
      run.count('errors');
      return false;
    }
  }

  private async removeFolder(
    run: CleanupStats,
    path: string,
    now: number,
  ): Promise<boolean> {
    const stats = await lstat(path).catch(() => undefined);
    if (!stats || now - stats.mtimeMs < FOLDER_GRACE_MS) return false;
    try {
      await rmdir(path);
      run.count('foldersDeleted');
      return true;
    } catch {
      return false; // something arrived meanwhile
    }
  }
}
