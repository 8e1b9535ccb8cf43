/**
 * Log levels, from the most to the least important.
 *
 * @publicApi
 */
export type LogLevel = 'error' | 'warn' | 'log' | 'debug' | 'verbose';

/**
 * What a logger must implement to replace mvent's console logger.
 *
 * @publicApi
 */
export interface LoggerService {
  log(message: unknown, context?: string): void;
  error(message: unknown, context?: string): void;
  warn(message: unknown, context?: string): void;
  debug?(message: unknown, context?: string): void;
  verbose?(message: unknown, context?: string): void;
}
