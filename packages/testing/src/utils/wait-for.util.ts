import { CoreError } from '@mvent/core';

/**
 * Options of {@link waitFor}.
 *
 * @publicApi
 */
export interface WaitForOptions {
  /** Give up after this many milliseconds. @default 5000 */
  timeout?: number;
  /** Check the condition every this many milliseconds. @default 10 */
  interval?: number;
  /** Describes the condition in the timeout error. */
  description?: string;
}

/**
 * Thrown by {@link waitFor} when the condition did not hold in time.
 *
 * @publicApi
 */
export class WaitForTimeoutError extends CoreError {
  constructor(
    readonly description: string,
    readonly timeout: number,
    readonly lastError?: unknown,
  ) {
    super(
      'TESTING_WAIT_TIMEOUT',
      `Timed out after ${timeout} ms waiting for ${description}${
        lastError instanceof Error ? `; last error: ${lastError.message}` : ''
      }`,
      { cause: lastError },
    );
  }
}

/**
 * Resolves with the first truthy result of `condition` (sync or async), checking again
 * every `interval` ms; a throwing check counts as "not yet". Rejects with a
 * {@link WaitForTimeoutError} after `timeout` ms. Use it instead of fixed sleeps.
 *
 * @example
 * ```ts
 * await waitFor(() => received.length === 3, { description: '3 events' });
 * ```
 * @publicApi
 */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  {
    timeout = 5000,
    interval = 10,
    description = 'the condition',
  }: WaitForOptions = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      const result = await condition();
      if (result) {
        return result;
      }
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      throw new WaitForTimeoutError(description, timeout, lastError);
    }
    await new Promise(resolve => setTimeout(resolve, interval));
  }
}
