import { CoreError } from '../errors/core.error';

/**
 * A transport could not reach its server at start (or lost it for good). The message names
 * the servers it tried; `cause` keeps the client library's error.
 *
 * @publicApi
 */
export class TransportConnectionError extends CoreError {
  constructor(
    readonly transport: string,
    readonly servers: string,
    cause: unknown,
  ) {
    super(
      'CORE_TRANSPORT_CONNECTION',
      `The ${transport} transport cannot reach ${servers} (${(cause as Error)?.message ?? String(cause)}). Is the server running and reachable from this host?`,
      { cause },
    );
  }
}

/**
 * A request got no response within its timeout. The handler may still be running.
 *
 * @publicApi
 */
export class TransportTimeoutError extends CoreError {
  constructor(
    readonly transport: string,
    readonly path: string,
    readonly timeoutMs: number,
  ) {
    super(
      'CORE_TRANSPORT_TIMEOUT',
      `No response to ${path} over ${transport} within ${timeoutMs} ms.`,
    );
  }
}

/**
 * The transport was used after `close()`, or before the application connected it.
 *
 * @publicApi
 */
export class TransportClosedError extends CoreError {
  constructor(readonly transport: string) {
    super(
      'CORE_TRANSPORT_CLOSED',
      `The ${transport} transport is not connected: it was closed, or the application has not started yet.`,
    );
  }
}
