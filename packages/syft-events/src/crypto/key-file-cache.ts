import type { BigIntStats } from 'node:fs';
import { lstatSync } from 'node:fs';
import { InvalidKeyBundleError } from '../errors/crypto.errors';
import type { SafeRead } from '../util/safe-read.util';
import { readFileSafely } from '../util/safe-read.util';

/** Larger key files are not key files. */
const MAX_KEY_FILE_BYTES = 64 * 1024;

interface Entry<T> {
  signature: string;
  value: T;
}

/**
 * Parsed key files (private keys, DID documents), read again only when the file changed.
 * Reading, parsing and verifying a DID document costs about half a millisecond; one
 * `lstat` costs a few microseconds. A file is the same while its inode, size, change
 * and modification times are: any write, rename over it or `chmod` changes its ctime.
 */
export class KeyFileCache {
  private readonly entries = new Map<string, Entry<unknown>>();

  /**
   * The parsed file at `path`, or `undefined` when it does not exist. One `path` is read
   * with one `parse` (a key file, or a DID document): the cache holds what it returned.
   *
   * @throws InvalidKeyBundleError when it is not a readable regular file, or what `parse` throws
   */
  read<T>(path: string, parse: (text: string) => T): T | undefined {
    // Synchronous on purpose: a stat of a small local file takes microseconds, a trip
    // through libuv's thread pool tens of them, twice per encrypted message.
    const stats = lstatSync(path, { bigint: true, throwIfNoEntry: false });
    if (!stats) {
      this.entries.delete(path);
      return undefined;
    }
    const signature = signatureOf(stats);
    const cached = this.entries.get(path);
    if (cached?.signature === signature) return cached.value as T;
    const read = readFileSafely(path, MAX_KEY_FILE_BYTES);
    if ('missing' in read) return undefined;
    const value = parse(bytesOf(read, path).toString());
    this.entries.set(path, { signature, value });
    return value;
  }
}

function signatureOf(stats: BigIntStats): string {
  return `${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}:${stats.mode}`;
}

function bytesOf(read: SafeRead, path: string): Buffer {
  if ('bytes' in read) return read.bytes;
  throw new InvalidKeyBundleError(
    path,
    'refused' in read ? `it is ${read.refused}` : 'it is too large',
  );
}
