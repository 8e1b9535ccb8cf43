import type { HttpStatus } from './http-status.enum';

/** The body of an exception response when none is given: `{ statusCode, message, error }`. */
export interface HttpExceptionBody {
  [key: string]: unknown;
  statusCode: number;
  message: string;
  error?: string;
}

/**
 * An error a handler throws to answer with a given status. RPC transports turn it into a
 * response with that status and {@link HttpException.getResponse} as the body.
 *
 * @example
 * ```ts
 * throw new HttpException({ reason: 'quota' }, HttpStatus.TOO_MANY_REQUESTS);
 * ```
 * @publicApi
 */
export class HttpException extends Error {
  /**
   * @param response the response body: a string becomes `{ statusCode, message }`
   * @param status the status code
   * @param options `cause`: the underlying error (kept, never sent)
   */
  constructor(
    private readonly response: string | Record<string, unknown>,
    private readonly status: number,
    options?: { cause?: unknown },
  ) {
    super(
      typeof response === 'string'
        ? response
        : typeof response.message === 'string'
          ? response.message
          : `Http Exception ${status}`,
      options,
    );
    this.name = new.target.name;
  }

  /** The status code. */
  getStatus(): number {
    return this.status;
  }

  /** The response body. */
  getResponse(): HttpExceptionBody | Record<string, unknown> {
    return typeof this.response === 'string'
      ? { statusCode: this.status, message: this.response }
      : this.response;
  }
}

/** Builds the default body `{ statusCode, message, error }` of a named exception. */
export function exceptionBody(
  status: HttpStatus,
  error: string,
  message: string | Record<string, unknown> | undefined,
): Record<string, unknown> {
  if (message !== undefined && typeof message === 'object') {
    return message;
  }
  return { statusCode: status, message: message ?? error, error };
}
