import type { LogLevel, LoggerService } from './logger.service';

/**
 * The default logger: one line per message on stdout (stderr for errors and warnings),
 * with time, pid, level and context.
 *
 * @publicApi
 */
export class ConsoleLogger implements LoggerService {
  private readonly levels: Set<LogLevel>;

  /** @param levels the levels to print; @default error, warn, log */
  constructor(levels: readonly LogLevel[] = ['error', 'warn', 'log']) {
    this.levels = new Set(levels);
  }

  log(message: unknown, context?: string): void {
    this.print('log', message, context);
  }
  error(message: unknown, context?: string): void {
    this.print('error', message, context);
  }
  warn(message: unknown, context?: string): void {
    this.print('warn', message, context);
  }
  debug(message: unknown, context?: string): void {
    this.print('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    this.print('verbose', message, context);
  }

  /** Whether `level` would be printed. */
  isLevelEnabled(level: LogLevel): boolean {
    return this.levels.has(level);
  }

  private print(level: LogLevel, message: unknown, context?: string): void {
    if (!this.levels.has(level)) {
      return;
    }
    const text =
      message instanceof Error
        ? (message.stack ?? message.message)
        : String(message);
    const line = `[mvent] ${process.pid} ${new Date().toISOString()} ${level.toUpperCase().padEnd(7)} ${
      context ? `[${context}] ` : ''
    }${text}\n`;
    const stream =
      level === 'error' || level === 'warn' ? process.stderr : process.stdout;
    stream.write(line);
  }
}
