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
