import { CoreError } from './core.error';
import { PROVIDER_NOT_EXPORTED_MESSAGE } from './messages';

/**
 * A token is provided by an imported module that does not export it.
 *
 * @publicApi
 */
export class ProviderNotExportedError extends CoreError {
  constructor(
    readonly dependency: unknown,
    readonly consumer: string,
    readonly providingModule: string,
    readonly moduleChain: string[],
  ) {
    super(
      'CORE_PROVIDER_NOT_EXPORTED',
      PROVIDER_NOT_EXPORTED_MESSAGE(
        dependency,
        consumer,
        providingModule,
        moduleChain,
      ),
    );
  }
}
