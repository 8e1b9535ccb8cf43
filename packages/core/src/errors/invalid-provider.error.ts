import { CoreError } from './core.error';
import { TRANSIENT_GET_MESSAGE, INVALID_PROVIDER_MESSAGE } from './messages';

/**
 * A provider definition cannot be used as written.
 *
 * @publicApi
 */
export class InvalidProviderError extends CoreError {
  private constructor(message: string) {
    super('CORE_INVALID_PROVIDER', message);
  }

  /** A `providers` entry is neither a class nor a provider object. */
  static malformed(provider: unknown, moduleName: string) {
    return new InvalidProviderError(
      INVALID_PROVIDER_MESSAGE(provider, moduleName),
    );
  }

  /** `get()` was asked for a transient provider, which has no single instance. */
  static transientGet(token: unknown) {
    return new InvalidProviderError(TRANSIENT_GET_MESSAGE(token));
  }
}
