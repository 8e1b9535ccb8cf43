import { CoreError } from '@mvent/core';

/**
 * The client library a transport needs is not installed. Each is an optional peer
 * dependency of `@mvent/microservices`, loaded only when its transport is used.
 *
 * @publicApi
 */
export class MissingTransportLibraryError extends CoreError {
  constructor(
    readonly transport: string,
    readonly packages: readonly string[],
    cause: unknown,
  ) {
    super(
      'MS_MISSING_TRANSPORT_LIBRARY',
      `The ${transport} transport needs ${packages.join(' and ')}: run \`npm install ${packages.join(' ')}\`.`,
      { cause },
    );
  }
}

/**
 * Loads an optional peer dependency of a transport.
 *
 * @throws MissingTransportLibraryError when it is not installed
 */
export function loadPeer<T>(
  transport: string,
  name: string,
  allPackages: readonly string[],
): T {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(name) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') {
      throw new MissingTransportLibraryError(transport, allPackages, error);
    }
    throw error;
  }
}
