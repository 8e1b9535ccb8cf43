import { join } from 'node:path';
import type { LoggerService } from '@mvent/core';
import { Logger } from '@mvent/core';
import type { SyftBoxConfig } from '../syftbox/syftbox-config';
import { appDataDir, resolveSyftBoxConfig } from '../syftbox/syftbox-config';
import type { CleanupStats } from './cleanup-stats';
import { RpcSweeper } from './rpc-sweeper';
import { parseIntervalOption } from './time-interval';

/**
 * Options of {@link PeriodicCleanup}, syft-event's constructor arguments in camelCase.
 *
 * @publicApi
 */
export interface PeriodicCleanupOptions {
  /** The app whose `rpc/` folder is cleaned. */
  appName: string;
  /** Time between runs, a duration string such as `'1d'` or `'2h30m'`. @default '1d' */
  cleanupInterval?: string;
  /** Files older than this are removed, a duration string. @default '30d' */
  cleanupExpiry?: string;
  /** The SyftBox (Python's `client`, named `config` as in `SyftEvents`): a config file path or a config. Default: found as syft-core finds it. */
  config?: string | SyftBoxConfig;
  /** Called with each run's counts (a throwing callback is logged, not fatal). */
  onCleanupComplete?: (stats: CleanupStats) => void;
  /** Called as a run goes, with the number of files looked at so far (for a progress bar). */
  onProgress?: (filesSeen: number) => void;
  /** Where logs go. @default a `Logger` named `PeriodicCleanup` */
  logger?: LoggerService;
}

/**
 * syft-event's `PeriodicCleanup`, standalone: removes an app's old request and response
 * files (and the markers, orphan responses and empty sender folders Python leaves behind).
 * `SyftEvents` runs the same cleanup by itself; use this one for an app served elsewhere.
 * It never removes a file another process is writing: a request's age is the older of its
 * `created` and its file time.
 *
 * @example
 * ```ts
 * const cleanup = new PeriodicCleanup({
 *   appName: 'my_app',
 *   cleanupInterval: '1d',
 *   cleanupExpiry: '7d',
 *   onCleanupComplete: stats => console.log(`Cleaned up ${stats.requestsDeleted} files`),
 * });
 * cleanup.start();
 * const stats = await cleanup.cleanupNow();
 * await cleanup.stop();
 * ```
 * @publicApi
 */
export class PeriodicCleanup {
  /** The folder cleaned: `<datasites>/<email>/app_data/<app>/rpc`. */
  readonly rpcDir: string;
  private readonly sweeper: RpcSweeper;

  /**
   * @throws InvalidTimeIntervalError for an invalid interval or expiry (or a bare number)
   * @throws InvalidConfigError for an unusable SyftBox config
   */
  constructor(options: PeriodicCleanupOptions) {
    this.rpcDir = join(
      appDataDir(resolveSyftBoxConfig(options.config), options.appName),
      'rpc',
    );
    this.sweeper = new RpcSweeper(this.rpcDir, {
      expiryMs: parseIntervalOption(
        'cleanupExpiry',
        options.cleanupExpiry ?? '30d',
      ),
      intervalMs: parseIntervalOption(
        'cleanupInterval',
        options.cleanupInterval ?? '1d',
      ),
      isBusy: () => false,
      logger: options.logger ?? new Logger('PeriodicCleanup'),
      onRunComplete: options.onCleanupComplete,
      onProgress: options.onProgress,
    });
  }

  /** Runs once now, then every interval, in the background. Idempotent. */
  start(): void {
    this.sweeper.start();
  }

  /** Stops the runs and waits for one in progress. */
  stop(): Promise<void> {
    return this.sweeper.stop();
  }

  /** Runs now and resolves with what this run removed. */
  cleanupNow(): Promise<CleanupStats> {
    return this.sweeper.runOnce();
  }

  /** The totals since construction (live: `reset()` clears them). */
  getStats(): CleanupStats {
    return this.sweeper.stats;
  }

  /** Whether runs are scheduled. */
  isRunning(): boolean {
    return this.sweeper.isRunning;
  }
}
