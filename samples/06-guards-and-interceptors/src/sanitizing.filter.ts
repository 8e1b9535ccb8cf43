import { randomUUID } from 'node:crypto';
import type { ArgumentsHost, ExceptionFilter } from '@mvent/core';
import { Catch, HttpException, Logger, Response, routeOf } from '@mvent/core';

/**
 * "Sanitise output so nothing leaks": an unexpected error is logged with a reference and
 * answered with only that reference; `HttpException`s (401, 400, 429, 504, …) pass through.
 */
@Catch()
export class SanitizingFilter implements ExceptionFilter {
  private readonly logger = new Logger('SanitizingFilter');

  catch(error: unknown, host: ArgumentsHost): Response {
    if (error instanceof HttpException) {
      return new Response(error.getResponse(), error.getStatus());
    }
    const reference = randomUUID().slice(0, 8);
    this.logger.error(
      `${routeOf(host)} failed (reference ${reference}): ${String(error)}`,
    );
    return new Response({ error: 'Internal error', reference }, 500);
  }
}
