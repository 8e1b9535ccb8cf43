import type { LogLevel, LoggerService } from '../logger/logger.service';

/**
 * Options of `MventFactory.create()`.
 *
 * @publicApi
 */
export interface MventApplicationOptions {
  /**
   * The logger: a `LoggerService`, the levels the console logger prints, or `false`
   * for silence (handy in tests).
   * @default the console logger with error, warn and log
   */
  logger?: LoggerService | LogLevel[] | false;
  /**
   * Classes with handler decorators (`@OnEvent`, `@OnRequest`, `@Watch`) that were loaded but
   * that no module of any application in this process lists never run. A few seconds after
   * `init()` the application warns about each; `'ignore'` is for a process that runs only some
   * of the handler classes it loads on purpose (a worker choosing its role at start-up).
   * @default 'warn'
   */
  unlistedHandlers?: 'warn' | 'ignore';
}

/**
 * Options of `app.enableShutdownHooks()`.
 *
 * @publicApi
 */
export interface ShutdownHooksOptions {
  /**
   * After closing, exit with `process.exit(0)` instead of re-raising the signal
   * (which ends the process with the signal's default behaviour).
   * @default false
   */
  useProcessExit?: boolean;
}
