import { HttpStatus } from './http-status.enum';
import { exceptionBody, HttpException } from './http.exception';

/** The arguments every named exception takes: a message or a body, and options. */
type ExceptionArgs = [
  message?: string | Record<string, unknown>,
  options?: { cause?: unknown },
];

/**
 * 400: the request is malformed or invalid (validation failures use it).
 *
 * @publicApi
 */
export class BadRequestException extends HttpException {
  constructor(...[message, options]: ExceptionArgs) {
    super(
      exceptionBody(HttpStatus.BAD_REQUEST, 'Bad Request', message),
      HttpStatus.BAD_REQUEST,
      options,
    );
  }
}

/**
 * 401: the caller is not authenticated.
 *
 * @publicApi
 */
export class UnauthorizedException extends HttpException {
  constructor(...[message, options]: ExceptionArgs) {
    super(
      exceptionBody(HttpStatus.UNAUTHORIZED, 'Unauthorized', message),
      HttpStatus.UNAUTHORIZED,
      options,
    );
  }
}

/**
 * 403: the caller may not do this.
 *
 * @publicApi
 */
export class ForbiddenException extends HttpException {
  constructor(...[message, options]: ExceptionArgs) {
    super(
      exceptionBody(HttpStatus.FORBIDDEN, 'Forbidden', message),
      HttpStatus.FORBIDDEN,
      options,
    );
  }
}

/**
 * 404: the resource or route does not exist.
 *
 * @publicApi
 */
export class NotFoundException extends HttpException {
  constructor(...[message, options]: ExceptionArgs) {
    super(
      exceptionBody(HttpStatus.NOT_FOUND, 'Not Found', message),
      HttpStatus.NOT_FOUND,
      options,
    );
  }
}

/**
 * 405: the route does not accept this method.
 *
 * @publicApi
 */
export class MethodNotAllowedException extends HttpException {
  constructor(...[message, options]: ExceptionArgs) {
    super(
      exceptionBody(
        HttpStatus.METHOD_NOT_ALLOWED,
        'Method Not Allowed',
        message,
      ),
      HttpStatus.METHOD_NOT_ALLOWED,
      options,
    );
  }
}

/**
 * 408: the handler gave up waiting.
 *
 * @publicApi
 */
export class RequestTimeoutException extends HttpException {
  constructor(...[message, options]: ExceptionArgs) {
    super(
      exceptionBody(HttpStatus.REQUEST_TIMEOUT, 'Request Timeout', message),
      HttpStatus.REQUEST_TIMEOUT,
      options,
    );
  }
}

/**
 * 409: the request conflicts with the current state.
 *
 * @publicApi
 */
export class ConflictException extends HttpException {
  constructor(...[message, options]: ExceptionArgs) {
    super(
      exceptionBody(HttpStatus.CONFLICT, 'Conflict', message),
      HttpStatus.CONFLICT,
      options,
    );
  }
}

/**
 * 413: the body is over the limit.
 *
 * @publicApi
 */
export class PayloadTooLargeException extends HttpException {
  constructor(...[message, options]: ExceptionArgs) {
    super(
      exceptionBody(HttpStatus.PAYLOAD_TOO_LARGE, 'Payload Too Large', message),
      HttpStatus.PAYLOAD_TOO_LARGE,
      options,
    );
  }
}

/**
 * 422: well-formed but semantically wrong.
 *
 * @publicApi
 */
export class UnprocessableEntityException extends HttpException {
  constructor(...[message, options]: ExceptionArgs) {
    super(
      exceptionBody(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'Unprocessable Entity',
        message,
      ),
      HttpStatus.UNPROCESSABLE_ENTITY,
      options,
    );
  }
}

/**
 * 429: the caller is over its rate.
 *
 * @publicApi
 */
export class TooManyRequestsException extends HttpException {
  constructor(...[message, options]: ExceptionArgs) {
    super(
      exceptionBody(HttpStatus.TOO_MANY_REQUESTS, 'Too Many Requests', message),
      HttpStatus.TOO_MANY_REQUESTS,
      options,
    );
  }
}

/**
 * 500: the handler failed.
 *
 * @publicApi
 */
export class InternalServerErrorException extends HttpException {
  constructor(...[message, options]: ExceptionArgs) {
    super(
      exceptionBody(
        HttpStatus.INTERNAL_SERVER_ERROR,
        'Internal Server Error',
        message,
      ),
      HttpStatus.INTERNAL_SERVER_ERROR,
      options,
    );
  }
}

/**
 * 501: the route exists but does nothing yet.
 *
 * @publicApi
 */
export class NotImplementedException extends HttpException {
  constructor(...[message, options]: ExceptionArgs) {
    super(
      exceptionBody(HttpStatus.NOT_IMPLEMENTED, 'Not Implemented', message),
      HttpStatus.NOT_IMPLEMENTED,
      options,
    );
  }
}

/**
 * 503: try again later.
 *
 * @publicApi
 */
export class ServiceUnavailableException extends HttpException {
  constructor(...[message, options]: ExceptionArgs) {
    super(
      exceptionBody(
        HttpStatus.SERVICE_UNAVAILABLE,
        'Service Unavailable',
        message,
      ),
      HttpStatus.SERVICE_UNAVAILABLE,
      options,
    );
  }
}

/**
 * 504: the handler did not finish in time (`@OnRequest(path, { timeout })`).
 *
 * @publicApi
 */
export class GatewayTimeoutException extends HttpException {
  constructor(...[message, options]: ExceptionArgs) {
    super(
      exceptionBody(HttpStatus.GATEWAY_TIMEOUT, 'Gateway Timeout', message),
      HttpStatus.GATEWAY_TIMEOUT,
      options,
    );
  }
}
