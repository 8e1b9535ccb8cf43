import { GatewayTimeoutException } from '../exceptions/http.exceptions';

/**
 * How long a handler's Promise may take when neither the route, the event nor the module
 * says: 30 s. A handler that never settles would otherwise hold its concurrency slot and
 * its subscription forever, and `close()` would wait for it. `0` means no limit.
 *
 * @publicApi
 */
export const DEFAULT_HANDLER_TIMEOUT_MS = 30_000;

/**
 * Calls `call`; when it returns a Promise that is still pending after `timeoutMs` (default
 * {@link DEFAULT_HANDLER_TIMEOUT_MS}; `0` for none), rejects with a 504 and drops the late
 * result. A synchronous handler's value is returned as is: it cannot be interrupted.
 *
 * @publicApi
 */
export function withTimeout(
  call: () => unknown,
  timeoutMs: number | undefined,
  name: string,
): unknown {
  const result = call();
  timeoutMs ??= DEFAULT_HANDLER_TIMEOUT_MS;
  if (timeoutMs <= 0 || !(result instanceof Promise)) {
    return result;
  }
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new GatewayTimeoutException(
            `${name} did not finish within ${timeoutMs} ms`,
          ),
        ),
      timeoutMs,
    );
  });
  return Promise.race([result, expired]).finally(() => clearTimeout(timer));
}
