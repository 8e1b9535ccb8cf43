import { NATIVE_ADDON_MISSING_MESSAGE } from './messages';
import { SharedMemoryError } from './shared-memory.error';

/**
 * The package's native addon was not built at install (usually: no C compiler), and the
 * feature asked for needs it.
 *
 * @publicApi
 */
export class NativeAddonMissingError extends SharedMemoryError {
  constructor(
    readonly feature: string,
    readonly addonPath: string,
  ) {
    super(
      'SHM_NATIVE_ADDON_MISSING',
      NATIVE_ADDON_MISSING_MESSAGE(feature, addonPath),
    );
  }
}
