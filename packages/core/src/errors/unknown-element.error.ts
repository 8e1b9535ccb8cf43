import { CoreError } from './core.error';
import { UNKNOWN_ELEMENT_MESSAGE } from './messages';

/**
 * `app.get(token)` asked for a token that no module of the application provides.
 *
 * @publicApi
 */
export class UnknownElementError extends CoreError {
  constructor(readonly token: unknown) {
    super('CORE_UNKNOWN_ELEMENT', UNKNOWN_ELEMENT_MESSAGE(token));
  }
}
