import { join } from 'node:path';

/** node-gyp-build ships no types: it maps a package's folder to the addon that fits here. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeGypBuild = require('node-gyp-build') as (root: string) => unknown;
import { NativeAddonMissingError } from '../errors/native-addon-missing.error';

/**
 * What `native/addon.c` provides: prebuilt in the package (`prebuilds/`), or compiled at
 * install by `scripts/build-native.js` where no prebuilt addon fits.
 */
export interface NativeAddon {
  /** Maps the file at `path` (created, or opened if it is this user's and `bytes` long). */
  map(path: string, bytes: number, create: boolean): ArrayBuffer;
  /** Unmaps a buffer {@link NativeAddon.map} returned; its views become empty. */
  unmap(buffer: ArrayBuffer): void;
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
  /**
   * Binds a Unix datagram socket at `path` and polls it on the event loop: `onWake` runs once
   * after every batch of bytes received, with `0`, or with an errno once polling failed (it
   * has then stopped). Throws (`code` `EADDRINUSE`, `EACCES`, `ENATIVE`) when it cannot bind.
   */
  wakeListen(path: string, onWake: (error: number) => void): WakeupHandle;
  /** Whether a {@link NativeAddon.wakeListen} socket keeps the event loop alive (not at first). */
  wakeKeepAlive(handle: WakeupHandle, keepAlive: boolean): void;
  /** Stops polling and closes the socket (the file stays). Idempotent. */
  wakeClose(handle: WakeupHandle): void;
  /** A datagram socket connected to the one bound at `path`, or minus the errno. */
  wakeConnect(path: string): number;
  /**
   * Sends one byte on the connected socket `fd` without blocking: `true` when sent (or when
   * the reader's queue is full, so it wakes anyway), `false` when nobody reads there any more
   * (or on another error).
   */
  nudge(fd: number): boolean;
  /** Writes the metadata of a new, zeroed event log (`native/event-log.c`). */
  logInit(log: ArrayBuffer, termBytes: number): void;
  /**
   * Appends the first `length` bytes of `record` to the mapped event `log` from writer slot
   * `slot`: its position, or -1 when it cannot fit in a term. `stopAt` is a test hook (SIGSTOP
   * mid-record); 0 in use.
   */
  logAppend(
    log: ArrayBuffer,
    slot: number,
    record: Uint8Array,
    length: number,
    pid: number,
    startTicks: number,
    stopAt: number,
  ): number;
  /** Turns the frame at `position` into padding if its state is still `expected`. */
  logPad(
    log: ArrayBuffer,
    position: number,
    frameLength: number,
    expected: number,
  ): boolean;
}

/** A listening wake-up socket of the addon (opaque). */
export type WakeupHandle = { readonly __wakeupHandle: unique symbol };

/** The package's folder: the same depth from src/native and dist/native. */
const PACKAGE_ROOT = join(__dirname, '../..');

let addon: NativeAddon | null | undefined;

/**
 * The addon, or `null` where none fits this machine and none was compiled (no C compiler at
 * install). node-gyp-build picks `build/Release` (compiled here) first, then the prebuilt
 * addon for this platform, architecture and libc.
 */
export function loadNativeAddon(): NativeAddon | null {
  if (addon === undefined) {
    try {
      addon = nodeGypBuild(PACKAGE_ROOT) as NativeAddon;
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
    throw new NativeAddonMissingError(
      feature,
      `${PACKAGE_ROOT}/prebuilds/${process.platform}-${process.arch}`,
    );
  }
  return native;
}
