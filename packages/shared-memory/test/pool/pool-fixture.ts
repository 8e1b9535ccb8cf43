import { SharedMemoryPool } from '@mvent/shared-memory';
import { createTempDir } from '@mvent/testing';
import type { TempDir } from '@mvent/testing';
import { bucketOf } from '../../src/event-log/key-index';

/** Options of `new SharedMemoryPool`, every one optional. */
type PoolOptions = Partial<ConstructorParameters<typeof SharedMemoryPool>[0]>;

/**
 * Pools in a temporary directory for one spec file: `openPool()` opens a new one (named
 * `<prefix>-<n>` unless told otherwise); each test's pools close after it, and the directory
 * goes after the file.
 */
export function usePools(prefix: string): {
  openPool(options?: PoolOptions): SharedMemoryPool;
  dir(): string;
} {
  let dir: TempDir;
  let pools: SharedMemoryPool[] = [];
  let counter = 0;
  beforeAll(async () => {
    dir = await createTempDir(`mvent-${prefix}-`);
  });
  afterEach(async () => {
    await Promise.all(pools.map(pool => pool.close()));
    pools = [];
  });
  afterAll(() => dir.remove());
  return {
    openPool: (options = {}) => {
      const pool = new SharedMemoryPool({
        name: `${prefix}-${++counter}`,
        dir: dir.path,
        ...options,
      });
      pools.push(pool);
      return pool;
    },
    dir: () => dir.path,
  };
}

/** Two keys in one bucket of the key index: reading the first must look past the second. */
export function keysSharingABucket(): [string, string] {
  const seen = new Map<number, string>();
  for (let i = 0; ; i++) {
    const key = `k${i}`;
    const other = seen.get(bucketOf(key));
    if (other) return [other, key];
    seen.set(bucketOf(key), key);
  }
}
