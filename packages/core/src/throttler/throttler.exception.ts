import { TooManyRequestsException } from '../exceptions/http.exceptions';

/**
 * A caller over a throttler limit: 429 on routes; an event handler is skipped and counted.
 *
 * @publicApi
 */
export class ThrottlerException extends TooManyRequestsException {
  constructor(
    message = 'ThrottlerException: Too Many Requests',
    /** Seconds until the caller may try again. */
    readonly retryAfter = 0,
  ) {
    super(message);
  }
}
