import type { ClassTransformOptions } from 'class-transformer';

/**
 * Options of the {@link ValidationPipe}, named after class-validator's and Nest's.
 *
 * @publicApi
 */
export interface ValidationPipeOptions {
  /** Strip properties that have no validation decorator. @default false */
  whitelist?: boolean;
  /** With `whitelist`, reject undecorated properties instead of stripping them. @default false */
  forbidNonWhitelisted?: boolean;
  /** Return the DTO class instance instead of the plain payload. @default false */
  transform?: boolean;
  /** Validate only the constraints of these groups. */
  groups?: string[];
  /** Skip validation of properties that are `null` or `undefined`. @default false */
  skipMissingProperties?: boolean;
  /** Stop at the first failing constraint of each property. @default false */
  stopAtFirstError?: boolean;
  /**
   * class-transformer's options for turning the payload into the DTO. With
   * `{ enableImplicitConversion: true }`, values are converted to the declared property types
   * before validation (`"2"` to `2` for an `age: number`), as pydantic does; without it,
   * `"2"` fails `@IsInt()`.
   */
  transformOptions?: ClassTransformOptions;
}
