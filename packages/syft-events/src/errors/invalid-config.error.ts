import { CONFIG_NOT_FOUND_MESSAGE, INVALID_CONFIG_MESSAGE } from './messages';
import { SyftEventsError } from './syft-events.error';

/**
 * The SyftBox config file is missing or unusable.
 *
 * @publicApi
 */
export class InvalidConfigError extends SyftEventsError {
  private constructor(
    readonly path: string,
    message: string,
  ) {
    super('SYFT_INVALID_CONFIG', message);
  }

  /** An explicitly named config does not exist. */
  static notFound(path: string) {
    return new InvalidConfigError(path, CONFIG_NOT_FOUND_MESSAGE(path));
  }

  /** The config exists but cannot be used. */
  static invalid(path: string, reason: string) {
    return new InvalidConfigError(path, INVALID_CONFIG_MESSAGE(path, reason));
  }
}
