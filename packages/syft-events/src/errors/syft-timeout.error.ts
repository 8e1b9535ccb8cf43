import { SyftEventsError } from './syft-events.error';

/**
 * No response arrived before the client's timeout. The request file is left in place:
 * the server may still answer it.
 *
 * @publicApi
 */
export class SyftTimeoutError extends SyftEventsError {
  constructor(
    readonly requestId: string,
    readonly url: string,
    readonly timeoutMs: number,
  ) {
    super(
      'SYFT_TIMEOUT',
      `No response to request ${requestId} (${url}) within ${timeoutMs} ms. Is a server running for this app, and is SyftBox syncing?`,
    );
  }
}
