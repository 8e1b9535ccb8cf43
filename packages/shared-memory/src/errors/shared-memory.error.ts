import { CoreError } from '@mvent/core';

/**
 * Base class of the errors of `@mvent/shared-memory`.
 *
 * @publicApi
 */
export class SharedMemoryError extends CoreError {}
