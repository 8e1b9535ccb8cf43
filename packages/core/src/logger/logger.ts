import { ConsoleLogger } from './console-logger';
import type { LogLevel, LoggerService } from './logger.service';

/** Discards everything: `useLogger(false)`. */
const SILENT: LoggerService = { log() {}, error() {}, warn() {} };

/**
 * The logger used across mvent and by applications. Each instance has a context
 * (usually a class name) and writes to the application's logger, which
 * `MventFactory.create(module, { logger })` or `app.useLogger()` can replace or silence.
 *
 * Injectable: `constructor(private readonly logger: Logger)`. Or create one:
 * `private readonly logger = new Logger(MyService.name)`.
 *
 * @publicApi
 */
export class Logger implements LoggerService {
  private static target: LoggerService = new ConsoleLogger();

  /** @param context printed with each message */
  constructor(private readonly context?: string) {}

  /**
   * Replaces the logger every `Logger` writes to: a `LoggerService`, the levels to
   * print with the console logger, or `false` for silence.
   */
  static overrideLogger(logger: LoggerService | LogLevel[] | false): void {
    if (logger === false) {
      Logger.target = SILENT;
    } else if (Array.isArray(logger)) {
      Logger.target = new ConsoleLogger(logger);
    } else {
      Logger.target = logger;
    }
  }

  log(message: unknown, context = this.context): void {
    Logger.target.log(message, context);
  }
  error(message: unknown, context = this.context): void {
    Logger.target.error(message, context);
  }
  warn(message: unknown, context = this.context): void {
    Logger.target.warn(message, context);
  }
  debug(message: unknown, context = this.context): void {
    Logger.target.debug?.(message, context);
  }
  verbose(message: unknown, context = this.context): void {
    Logger.target.verbose?.(message, context);
  }
}
