import { SharedMemoryError } from './shared-memory.error';

/**
 * No response arrived within the client's timeout.
 *
 * @publicApi
 */
export class MemoryRpcTimeoutError extends SharedMemoryError {
  constructor(
    readonly path: string,
    readonly timeoutMs: number,
  ) {
    super(
      'SHM_RPC_TIMEOUT',
      `No response from ${path} within ${timeoutMs} ms. The handler may be slow: raise \`timeout\`, or check the server's logs.`,
    );
  }
}

/**
 * The process serving a request exited before it answered (it crashed or was killed).
 *
 * @publicApi
 */
export class MemoryRpcServerGoneError extends SharedMemoryError {
  constructor(
    readonly path: string,
    readonly serverPid: number,
  ) {
    super(
      'SHM_RPC_SERVER_GONE',
      `The process ${serverPid} serving ${path} exited before it answered. The request may or may not have taken effect.`,
    );
  }
}

/**
 * A route of this process's memory-RPC server was called before the server listens, so
 * no process serves it yet.
 *
 * @publicApi
 */
export class MemoryRpcNotListeningError extends SharedMemoryError {
  constructor(readonly path: string) {
    super(
      'SHM_RPC_NOT_LISTENING',
      `${path} is a route of this process, but its memory-RPC server is not listening, so nothing serves it: call app.listen() (app.init() binds routes without starting servers), or server.listen().`,
    );
  }
}

/**
 * A streamed response ended with an error: the handler's stream failed.
 *
 * @publicApi
 */
export class MemoryRpcStreamError extends SharedMemoryError {
  constructor(
    readonly path: string,
    readonly statusCode: number,
    readonly body: unknown,
  ) {
    super(
      'SHM_RPC_STREAM_FAILED',
      `The stream from ${path} failed with status ${statusCode}: ${typeof body === 'string' ? body : JSON.stringify(body)}`,
    );
  }
}
