import { GatewayTimeoutException } from '../exceptions/http.exceptions';

/**
 * Calls `call`; when it returns a Promise that is still pending after `timeoutMs`, rejects
 * with a 504 and drops the late result. A synchronous handler's value is returned as is: it
 * cannot be interrupted.
 */
export function withTimeout(
  call: () => unknown,
  timeoutMs: number | undefined,
  name: string,
): unknown {
  const result = call();
  if (timeoutMs === undefined || !(result instanceof Promise)) {
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
