import type { Dirent } from 'node:fs';
import { lstat, readdir, readFile, rmdir, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { LoggerService } from '@mvent/core';
import { SyftTimestamp } from '../protocol/syft-timestamp';

/**
 * What the cleanup has removed since the server started.
 *
 * @publicApi
 */
export interface CleanupStats {
  requestsDeleted: number;
  responsesDeleted: number;
  /** Rejected and conflict markers, and temporary files left by a crash. */
  markersDeleted: number;
  /** Empty sender folders. */
  foldersDeleted: number;
  /** Files that could not be removed. */
  errors: number;
  /** When the last run ended, or `null` before the first. */
  lastCleanup: Date | null;
}

/** Options of {@link PeriodicCleanup}. */
export interface PeriodicCleanupOptions {
  /** Files older than this are removed, in milliseconds. */
  expiryMs: number;
  /** Time between runs, in milliseconds; the first run is at start. */
  intervalMs: number;
  /** Files the server is handling right now; they are left alone. */
  isBusy: (path: string) => boolean;
  logger: LoggerService;
}

const MARKER =
  /\.(syftrejected|rejected|conflict)(\.\d+)?\.request$|\.syft\.tmp\./;
/** Empty folders younger than this may be about to receive a request. */
const FOLDER_GRACE_MS = 60_000;

/**
 * Removes old files from `rpc/` now and then, as syft-event's PeriodicCleanup, and also what
 * it leaves behind (B16): orphan responses, markers, unreadable requests and empty sender
 * folders. A request's age is the older of its `created` and its file time, so a forged
 * future `created` cannot keep it forever. Endpoint folders (with `.syftkeep`) stay.
 */
export class PeriodicCleanup {
  private readonly stats: CleanupStats = {
    requestsDeleted: 0,
    responsesDeleted: 0,
    markersDeleted: 0,
    foldersDeleted: 0,
    errors: 0,
    lastCleanup: null,
  };
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly rpcDir: string,
    private readonly options: PeriodicCleanupOptions,
  ) {}

  /** Whether runs are scheduled. */
  get isRunning(): boolean {
    return this.timer !== undefined;
  }

  /** A copy of the totals. */
  getStats(): CleanupStats {
    return { ...this.stats };
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

  /** One pass over `rpc/`; concurrent calls share the pass in progress. */
  runOnce(now = Date.now()): Promise<void> {
    this.running ??= this.sweep(now - this.options.expiryMs, now)
      .catch((error: Error) =>
        this.options.logger.error(`Cleanup failed: ${error.message}`),
      )
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async sweep(cutoff: number, now: number): Promise<void> {
    await this.sweepFolder(this.rpcDir, cutoff, now, true);
    this.stats.lastCleanup = new Date(now);
    const s = this.stats;
    this.options.logger.debug?.(
      `Cleanup: requests=${s.requestsDeleted}, responses=${s.responsesDeleted}, markers=${s.markersDeleted}, folders=${s.foldersDeleted}, errors=${s.errors}`,
    );
  }

  /** Cleans one folder depth first; returns whether it is now empty. */
  private async sweepFolder(
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
        ? (await this.sweepFolder(path, cutoff, now)) &&
          (await this.removeFolder(path, now))
        : entry.isFile() && !isRoot && (await this.sweepFile(path, cutoff));
      if (removed) remaining--;
    }
    return remaining === 0;
  }

  private async sweepFile(path: string, cutoff: number): Promise<boolean> {
    const name = basename(path);
    if (name === '.syftkeep' || this.options.isBusy(path)) return false;
    const stats = await lstat(path).catch(() => undefined);
    if (!stats) return true;
    if (MARKER.test(name)) {
      return stats.mtimeMs < cutoff && this.remove(path, 'markersDeleted');
    }
    if (name.endsWith('.request')) {
      const created = await readCreated(path);
      if (Math.min(created ?? Infinity, stats.mtimeMs) >= cutoff) return false;
      await this.remove(
        path.replace(/\.request$/, '.response'),
        'responsesDeleted',
      );
      return this.remove(path, 'requestsDeleted');
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
        this.remove(path, 'responsesDeleted')
      );
    }
    return false;
  }

  private async remove(
    path: string,
    counter: 'requestsDeleted' | 'responsesDeleted' | 'markersDeleted',
  ): Promise<boolean> {
    try {
      await unlink(path);
      this.stats[counter]++;
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
      this.stats.errors++;
      return false;
    }
  }

  private async removeFolder(path: string, now: number): Promise<boolean> {
    const stats = await lstat(path).catch(() => undefined);
    if (!stats || now - stats.mtimeMs < FOLDER_GRACE_MS) return false;
    try {
      await rmdir(path);
      this.stats.foldersDeleted++;
      return true;
    } catch {
      return false; // something arrived meanwhile
    }
  }
}

async function readCreated(path: string): Promise<number | undefined> {
  try {
    const raw = JSON.parse(await readFile(path, 'utf8')) as {
      created?: unknown;
    };
    return SyftTimestamp.parse(raw.created)?.millis;
  } catch {
    return undefined;
  }
}
