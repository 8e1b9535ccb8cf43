import { join } from 'node:path';
import { NativeAddonMissingError } from '../errors/native-addon-missing.error';

/** What `native/addon.c`, compiled at install by `scripts/build-native.js`, provides. */
export interface NativeAddon {
  /** Maps the file at `path` (created, or opened if it is this user's and `bytes` long). */
  map(path: string, bytes: number, create: boolean): ArrayBuffer;
  /** Takes the exclusive flock(2) of `fd`; `false` if `wait` is false and another process holds it. */
  lock(fd: number, wait: boolean): boolean;
  /** Releases the flock(2) of `fd`. */
  unlock(fd: number): void;
  /** The size of the file of `fd`. */
  fileSize(fd: number): number;
  /** Allocates blocks of `fd`'s file, keeping its size; `false` when the file system is full. */
  reserve(fd: number, offset: number, length: number): boolean;
  /** The process at the other end of the Unix socket `fd`, as the kernel knows it. */
  peerCredentials(fd: number): { pid: number; uid: number; gid: number };
}

/** Same depth from src/native and dist/native. */
const ADDON_PATH = join(__dirname, '../../build/addon.node');

let addon: NativeAddon | null | undefined;

/** The addon, or `null` where it was not built (no C compiler at install). */
export function loadNativeAddon(): NativeAddon | null {
  if (addon === undefined) {
    try {
      // A native addon can only be required.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      addon = require(ADDON_PATH) as NativeAddon;
    } catch {
      addon = null;
    }
  }
  return addon;
}

/**
 * The addon, for a feature that cannot work without it.
 *
 * @throws NativeAddonMissingError when it was not built
 */
export function requireNativeAddon(feature: string): NativeAddon {
  const native = loadNativeAddon();
  if (!native) {
    throw new NativeAddonMissingError(feature, ADDON_PATH);
  }
  return native;
}
