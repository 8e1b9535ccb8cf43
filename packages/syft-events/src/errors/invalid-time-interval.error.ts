import { SyftEventsError } from './syft-events.error';

/**
 * A cleanup interval, expiry or timeout that is not a duration such as `"1d2h30m"`.
 * The messages start as Python's do.
 *
 * @publicApi
 */
export class InvalidTimeIntervalError extends SyftEventsError {
  constructor(message: string) {
    super('SYFT_INVALID_TIME_INTERVAL', message);
  }
}
