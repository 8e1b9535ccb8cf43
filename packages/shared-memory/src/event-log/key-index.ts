import { INDEX_SLOTS, OFFSET } from './log-layout';

/**
 * Where the latest write of each entry lies in the event log, shared by every process: one
 * int64 per bucket of keys (by hash), one past the position of the latest record that wrote
 * any key of the bucket, raised by compare-and-swap so that it only grows. Beside it, the
 * same for all keys (`lastStored`).
 *
 * A reader of `key` that finds its bucket at or after the store's folded position reads the
 * record there: when it is `key`'s, it is `key`'s latest write (a later one would have
 * raised the bucket past it); when it is another key's, the reader folds the log into the
 * store and reads the store. The writer raises the index after committing its record, and
 * so does every bus that reads the record, so whoever has seen an event finds its value.
 */
export class KeyIndex {
  private readonly slots: BigInt64Array;
  private readonly meta: BigInt64Array;

  constructor(buffer: ArrayBuffer, offset: number) {
    this.slots = new BigInt64Array(buffer, offset, INDEX_SLOTS);
    this.meta = new BigInt64Array(buffer, 0, 8);
  }

  /** Records that the record at `position` wrote `key`. */
  raise(key: string, position: number): void {
    const value = BigInt(position + 1);
    raiseTo(this.slots, bucketOf(key), value);
    raiseTo(this.meta, OFFSET.lastStored / 8, value);
  }

  /** The position of the latest record that wrote `key`'s bucket, or -1. */
  latest(key: string): number {
    return Number(Atomics.load(this.slots, bucketOf(key))) - 1;
  }

  /** The position of the latest record that wrote any entry, or -1. */
  lastStored(): number {
    return Number(Atomics.load(this.meta, OFFSET.lastStored / 8)) - 1;
  }
}

/** Stores `value` at `index` unless it holds a larger one already. */
export function raiseTo(
  array: BigInt64Array,
  index: number,
  value: bigint,
): void {
  let seen = Atomics.load(array, index);
  while (seen < value) {
    const found = Atomics.compareExchange(array, index, seen, value);
    if (found === seen) return;
    seen = found;
  }
}

/** The bucket of `key`: FNV-1a over its UTF-16 code units. */
export function bucketOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  }
  return (hash >>> 0) & (INDEX_SLOTS - 1);
}
