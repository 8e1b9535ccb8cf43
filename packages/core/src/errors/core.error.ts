/**
 * Base class of every error thrown by mvent's packages.
 *
 * Each subclass carries a stable {@link CoreError.code} that code can match on,
 * and keeps the lower-level error that caused it as `cause`.
 *
 * @publicApi
 */
export class CoreError extends Error {
  /**
   * @param code a stable, machine-readable identifier such as `CORE_UNKNOWN_DEPENDENCY`
   * @param message the human-readable text
   * @param options `cause`: the lower-level error, kept for diagnostics
   */
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}
