import { SharedMemoryError } from './shared-memory.error';

/**
 * The longest key (an emitted event's name included) in bytes of UTF-8: LMDB's limit.
 *
 * @publicApi
 */
export const MAX_KEY_BYTES = 1978;

/**
 * A key (or an emitted event's name, which is its key) is longer than {@link MAX_KEY_BYTES};
 * nothing was read or written. `publish()` has no key, so its event names may be longer.
 *
 * @publicApi
 */
export class KeyTooLongError extends SharedMemoryError {
  constructor(
    readonly key: string,
    readonly size: number,
  ) {
    super(
      'SHM_KEY_TOO_LONG',
      `The key "${key.slice(0, 60)}…" is ${size} bytes of UTF-8, over the limit of ${MAX_KEY_BYTES} bytes. Nothing was read or written.`,
    );
  }

  /** @throws KeyTooLongError when `key` is over {@link MAX_KEY_BYTES} */
  static assertFits(key: string): void {
    // A character is at most 3 bytes of UTF-8 (4 for a pair of UTF-16 units): skip the count when short.
    if (key.length * 3 <= MAX_KEY_BYTES) return;
    const size = Buffer.byteLength(key);
    if (size > MAX_KEY_BYTES) throw new KeyTooLongError(key, size);
  }
}
