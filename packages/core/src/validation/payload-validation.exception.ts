import { BadRequestException } from '../exceptions/http.exceptions';
import type { PayloadViolation } from './payload-violation.interface';

/**
 * What `ValidationPipe` throws for an invalid argument: a 400 whose body is
 * `{ statusCode: 400, message: 'Validation failed', error: 'Bad Request', violations }`.
 * Event handlers count it as an invalid payload rather than an error.
 *
 * @publicApi
 */
export class PayloadValidationException extends BadRequestException {
  constructor(readonly violations: PayloadViolation[]) {
    super({
      statusCode: 400,
      message: 'Validation failed',
      error: 'Bad Request',
      violations,
    });
  }
}
