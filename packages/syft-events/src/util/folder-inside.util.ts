import { lstatSync, mkdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { UnsafeFolderError } from '../errors/unsafe-folder.error';

/**
 * `mkdir -p` of `folder` below `root` that never goes through a link: each part under
 * `root` is created if missing and must then be a real folder. A link planted anywhere
 * on the way (`app_data/<app>` pointing elsewhere, a receiver's folder) is refused, where
 * `mkdir -p` would follow it and every later write would land outside the datasites.
 * Synchronous, as every file operation of a round trip.
 *
 * @throws UnsafeFolderError for a link or a file on the way, or a folder outside `root`
 */
export function makeFolderInside(root: string, folder: string): void {
  const parts = relative(root, folder).split(sep).filter(Boolean);
  if (parts[0] === '..') {
    throw new UnsafeFolderError(folder, `it is outside ${root}`);
  }
  mkdirSync(root, { recursive: true }); // the datasites themselves may be anywhere
  let path = root;
  for (const part of parts) {
    path = join(path, part);
    let stats = lstatSync(path, { throwIfNoEntry: false });
    if (!stats) {
      try {
        mkdirSync(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      stats = lstatSync(path);
    }
    if (stats.isSymbolicLink()) {
      throw new UnsafeFolderError(path, 'it is a symbolic link');
    }
    if (!stats.isDirectory()) {
      throw new UnsafeFolderError(path, 'it is not a folder');
    }
  }
}
