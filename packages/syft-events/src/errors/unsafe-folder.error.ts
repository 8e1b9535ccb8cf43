import { SyftEventsError } from './syft-events.error';

/**
 * A folder on the way to where mvent would write is a symbolic link (or not a folder):
 * writing there would put files outside the datasites, wherever someone pointed it.
 *
 * @publicApi
 */
export class UnsafeFolderError extends SyftEventsError {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(
      'SYFT_UNSAFE_FOLDER',
      `Refusing to write under ${path}: ${reason}. Folders of the datasites are never followed through links.`,
    );
  }
}
