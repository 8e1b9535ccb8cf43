import { CoreError } from '@mvent/core';

/**
 * A message on an mvent subject or stream that mvent did not write: not JSON, or without the
 * fields of an event or a request. It is dead-lettered (events) or answered 400 (requests),
 * never handed to a handler.
 *
 * @publicApi
 */
export class MalformedMessageError extends CoreError {
  constructor(what: string, reason: string) {
    super('MS_MALFORMED_MESSAGE', `Malformed ${what}: ${reason}`);
  }
}
