import { INVALID_SYFT_URL_MESSAGE } from './messages';
import { SyftEventsError } from './syft-events.error';

/**
 * A string is not a valid SyftBox URL, or its path would leave the datasites folder.
 *
 * @publicApi
 */
export class InvalidSyftUrlError extends SyftEventsError {
  constructor(
    readonly url: unknown,
    readonly reason: string,
  ) {
    super('SYFT_INVALID_URL', INVALID_SYFT_URL_MESSAGE(url, reason));
  }
}
