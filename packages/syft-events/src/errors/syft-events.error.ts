import { CoreError } from '@mvent/core';

/**
 * Base class of the errors of `@mvent/syft-events`.
 *
 * @publicApi
 */
export class SyftEventsError extends CoreError {}
