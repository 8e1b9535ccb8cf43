import { CoreError } from './core.error';
import {
  MISSING_DECORATOR_METADATA_MESSAGE,
  STANDARD_DECORATORS_MESSAGE,
} from './messages';

/**
 * A decorated class or handler has no emitted parameter types (`design:paramtypes`): it was
 * compiled without `emitDecoratorMetadata` (or by esbuild/tsx, which never emit it), so its
 * dependencies cannot be injected and its DTOs would not be validated.
 *
 * @publicApi
 */
export class MissingDecoratorMetadataError extends CoreError {
  constructor(
    /** `OrdersService`, or `OrdersController.onOrder` for a handler. */
    readonly target: string,
    /** The file that declared it, when known. */
    readonly file: string | undefined,
  ) {
    super(
      'CORE_MISSING_DECORATOR_METADATA',
      MISSING_DECORATOR_METADATA_MESSAGE(target, file),
    );
  }
}

/**
 * An mvent decorator was called as a TC39 (standard) decorator: the code was compiled
 * without `experimentalDecorators`.
 *
 * @publicApi
 */
export class StandardDecoratorsError extends CoreError {
  constructor(
    readonly decorator: string,
    readonly file: string | undefined,
  ) {
    super(
      'CORE_STANDARD_DECORATORS',
      STANDARD_DECORATORS_MESSAGE(decorator, file),
    );
  }
}
