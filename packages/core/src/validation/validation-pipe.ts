import { plainToInstance } from 'class-transformer';
import type { ValidationError } from 'class-validator';
import {
  getMetadataStorage,
  validate,
  validateSync,
  ValidationTypes,
} from 'class-validator';
import type { ValidatorOptions } from 'class-validator';
import { PayloadValidationException } from './payload-validation.exception';
import type { Type } from '../interfaces/type.interface';
import type {
  ArgumentMetadata,
  PipeTransform,
} from '../pipeline/enhancer.interfaces';
import type {
  PayloadViolation,
  ValidationResult,
} from './payload-violation.interface';
import type { ValidationPipeOptions } from './validation-pipe-options.interface';

/** Types that carry no class-validator constraints, so there is nothing to validate. */
const UNVALIDATED_TYPES = new Set<unknown>([
  String,
  Number,
  Boolean,
  Array,
  Object,
  Buffer,
  Uint8Array,
]);

/**
 * Turns a plain payload into a DTO instance with class-transformer and checks it with
 * class-validator. RPC transports and the event bus use it for `@Body()` and event
 * payloads typed as DTO classes.
 *
 * @example
 * ```ts
 * const pipe = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });
 * const result = await pipe.validate(body, AddDto);
 * if (!result.valid) console.log(result.violations);
 * ```
 * @publicApi
 */
export class ValidationPipe implements PipeTransform {
  /**
   * What every transport validates DTO arguments with when no `ValidationPipe` is configured
   * (globally, on the controller, the method or the parameter): unknown properties refused,
   * the DTO instance handed to the handler.
   */
  static readonly DEFAULT_OPTIONS: Readonly<ValidationPipeOptions> = {
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
  };

  constructor(private readonly options: ValidationPipeOptions = {}) {}

  /** Whether `metatype` is a class that validation applies to. */
  static isValidatable(metatype: unknown): metatype is Type {
    return typeof metatype === 'function' && !UNVALIDATED_TYPES.has(metatype);
  }

  /**
   * Validates `value` against `metatype` and returns the outcome as data.
   * With `transform`, a valid result holds the DTO instance; otherwise the payload as given.
   */
  async validate<T>(
    value: unknown,
    metatype: Type<T> | undefined,
  ): Promise<ValidationResult<T>> {
    const prepared = this.prepare(value, metatype);
    return 'result' in prepared
      ? prepared.result
      : this.conclude(
          await validate(prepared.instance, this.validatorOptions()),
          value,
          prepared.instance,
        );
  }

  /**
   * Like {@link ValidationPipe.validate}, synchronously, for callers that must not yield
   * (the event bus keeps handlers in log order this way). Async constraints are not run.
   */
  validateSync<T>(
    value: unknown,
    metatype: Type<T> | undefined,
  ): ValidationResult<T> {
    const prepared = this.prepare(value, metatype);
    return 'result' in prepared
      ? prepared.result
      : this.conclude(
          validateSync(prepared.instance, this.validatorOptions()),
          value,
          prepared.instance,
        );
  }

  /**
   * The pipe step: validates the argument against its type (`metadata.metatype`) and throws
   * a {@link PayloadValidationException} (400) listing the violations. Arguments of custom
   * decorators pass unchanged. Synchronous unless the DTO has async or nested constraints,
   * so that event handlers keep the log's order.
   */
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') {
      return value;
    }
    const { metatype } = metadata;
    if (ValidationPipe.isValidatable(metatype) && needsAsync(metatype)) {
      return this.validate(value, metatype).then(outcome);
    }
    return outcome(this.validateSync(value, metatype));
  }

  /** Whether `metatype` has class-validator decorators (a DTO without them accepts anything). */
  static hasConstraints(metatype: Type): boolean {
    return (
      getMetadataStorage().getTargetValidationMetadatas(
        metatype,
        '',
        true,
        false,
      ).length > 0
    );
  }

  /** Either the outcome already (nothing to validate, or not an object), or the DTO instance to check. */
  private prepare<T>(
    value: unknown,
    metatype: Type<T> | undefined,
  ): { result: ValidationResult<T> } | { instance: object } {
    if (!ValidationPipe.isValidatable(metatype)) {
      return { result: { valid: true, value: value as T } };
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return {
        result: { valid: false, violations: [notAnObject(value, metatype)] },
      };
    }
    return {
      instance: plainToInstance(metatype, value, {
        ...this.options.transformOptions,
        groups: this.options.groups,
      }) as object,
    };
  }

  private conclude<T>(
    errors: ValidationError[],
    value: unknown,
    instance: object,
  ): ValidationResult<T> {
    if (errors.length > 0) {
      return { valid: false, violations: flattenErrors(errors) };
    }
    return {
      valid: true,
      value: (this.options.transform ? instance : value) as T,
    };
  }

  private validatorOptions(): ValidatorOptions {
    return {
      whitelist: this.options.whitelist,
      forbidNonWhitelisted: this.options.forbidNonWhitelisted,
      groups: this.options.groups,
      skipMissingProperties: this.options.skipMissingProperties,
      stopAtFirstError: this.options.stopAtFirstError,
      forbidUnknownValues: false,
      validationError: { target: false, value: true },
    };
  }
}

function outcome<T>(result: ValidationResult<T>): T {
  if (!result.valid) {
    throw new PayloadValidationException(result.violations);
  }
  return result.value;
}

const asyncTypes = new WeakMap<Type, boolean>();

/**
 * Whether validating `metatype` may need `await`: an async custom constraint, a Promise
 * property, or a nested DTO (whose own constraints cannot be seen from here).
 */
function needsAsync(metatype: Type): boolean {
  let known = asyncTypes.get(metatype);
  if (known === undefined) {
    const storage = getMetadataStorage();
    known = storage
      .getTargetValidationMetadatas(metatype, '', true, false)
      .some(
        ({ type, constraintCls }) =>
          type === ValidationTypes.NESTED_VALIDATION ||
          type === ValidationTypes.PROMISE_VALIDATION ||
          (type === ValidationTypes.CUSTOM_VALIDATION &&
            storage
              .getTargetValidatorConstraints(constraintCls)
              .some(constraint => constraint.async)),
      );
    asyncTypes.set(metatype, known);
  }
  return known;
}

function notAnObject(value: unknown, metatype: Type): PayloadViolation {
  return {
    property: '',
    constraints: { isObject: `payload must be a ${metatype.name} object` },
    value,
  };
}

/** Flattens class-validator's nested errors into dotted paths. */
function flattenErrors(
  errors: ValidationError[],
  prefix = '',
): PayloadViolation[] {
  return errors.flatMap(error => {
    const property = prefix ? `${prefix}.${error.property}` : error.property;
    const own: PayloadViolation[] = error.constraints
      ? [
          {
            property,
            constraints: { ...error.constraints },
            value: error.value,
          },
        ]
      : [];
    return [...own, ...flattenErrors(error.children ?? [], property)];
  });
}
