import { HttpException } from '../exceptions/http.exception';
import { HttpStatus } from '../exceptions/http-status.enum';
import { Response } from './response';

/** The body of a 500 outside debug mode: Python syft-event's text. */
export const INTERNAL_ERROR_BODY =
  'Internal server error. Please try again later.';

/**
 * What a transport writes back: the status, the headers and the body value, which the
 * transport serialises.
 *
 * @publicApi
 */
export interface RpcOutcome {
  statusCode: number;
  headers: Record<string, string>;
  body: unknown;
}

/** The outcome of a route's return value: a {@link Response} as given, anything else a 200. */
export function outcomeOfResult(result: unknown): RpcOutcome {
  if (result instanceof Response) {
    return {
      statusCode: result.statusCode,
      headers: { ...result.headers },
      body: result.body,
    };
  }
  return { statusCode: HttpStatus.OK, headers: {}, body: result };
}

/**
 * The outcome of an error thrown by a route: an `HttpException` gives its status and body;
 * anything else a 500 whose body is {@link INTERNAL_ERROR_BODY}, or, with `debug`, a JSON
 * report with `error_type`, `error_message`, `function_name` and `traceback`, as Python
 * syft-event's debug mode writes it.
 */
export function outcomeOfError(
  error: unknown,
  functionName: string,
  debug: boolean,
): RpcOutcome {
  if (error instanceof HttpException) {
    return {
      statusCode: error.getStatus(),
      headers: {},
      body: error.getResponse(),
    };
  }
  if (!debug) {
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      headers: {},
      body: INTERNAL_ERROR_BODY,
    };
  }
  const err =
    error instanceof Error
      ? error
      : new Error(`Non-error thrown: ${String(error)}`);
  return {
    statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(
      {
        error_type: err.name,
        error_message: err.message,
        function_name: functionName,
        traceback: err.stack ?? String(err),
      },
      null,
      2,
    ),
  };
}
