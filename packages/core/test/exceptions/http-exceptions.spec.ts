import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  HttpException,
  HttpStatus,
  InternalServerErrorException,
  NotFoundException,
  PayloadTooLargeException,
  UnauthorizedException,
  UnprocessableEntityException,
} from '@mvent/core';

describe('HttpException', () => {
  it.each([
    [BadRequestException, 400, 'Bad Request'],
    [UnauthorizedException, 401, 'Unauthorized'],
    [ForbiddenException, 403, 'Forbidden'],
    [NotFoundException, 404, 'Not Found'],
    [ConflictException, 409, 'Conflict'],
    [PayloadTooLargeException, 413, 'Payload Too Large'],
    [UnprocessableEntityException, 422, 'Unprocessable Entity'],
    [InternalServerErrorException, 500, 'Internal Server Error'],
  ])('%p should map to %i', (Exception, status, error) => {
    const exception = new Exception();
    expect(exception).toBeInstanceOf(HttpException);
    expect(exception.getStatus()).toBe(status);
    expect(exception.getResponse()).toEqual({
      statusCode: status,
      message: error,
      error,
    });
    expect(new Exception('nope').getResponse()).toEqual({
      statusCode: status,
      message: 'nope',
      error,
    });
  });

  it('should keep a custom body and cause', () => {
    const cause = new Error('root');
    const exception = new HttpException(
      { reason: 'quota' },
      HttpStatus.TOO_MANY_REQUESTS,
      { cause },
    );
    expect(exception.getResponse()).toEqual({ reason: 'quota' });
    expect(exception.getStatus()).toBe(429);
    expect(exception.cause).toBe(cause);
  });
});
