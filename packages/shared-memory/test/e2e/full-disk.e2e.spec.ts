import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryEventBus, PoolFullError, SharedMemoryPool } from '../../src';
import { keysSharingABucket } from '../pool/pool-fixture';
import { fillFileSystem, mountSmallTmpfs } from './torture.util';

/**
 * Values written by `emit` wait in the event log until a fold stores them in LMDB, which needs
 * room on the disk. When the disk is full, nothing written may be lost or misread.
 */
describe('emitted values on a full disk', () => {
  // The log (4 × 1 MiB terms and its index) and LMDB's reserve (about 4.3 MiB) fit in 16 MiB.
  const mounted = mountSmallTmpfs(16);
  afterAll(() => mounted.unmount());

  (mounted.path ? it : it.skip)(
    `are read from the log when they cannot be folded, and clear() still works${mounted.skipped}`,
    async () => {
      const dir = mounted.path!;
      const pool = new SharedMemoryPool({
        name: 'full',
        dir,
        retention: { bytes: 4 * 1024 * 1024 },
      });
      const bus = new MemoryEventBus(pool);
      try {
        const [first, second] = keysSharingABucket();
        const body = 'x'.repeat(10_000);
        bus.emit(first, 'first');
        // More than the disk reserve can take in one fold (2.5 MB, stored twice by LMDB).
        for (let i = 0; i < 250; i++) bus.emit(`bulk.${i}`, body);
        bus.emit(second, 'second');
        fillFileSystem(dir);

        expect(pool.get(second)).toBe('second');
        // The bucket says `second`: a fold is needed, the disk refuses it, the log is read.
        expect(pool.get(first)).toBe('first');
        expect(pool.has(first)).toBe(true);
        expect(pool.get('bulk.249')).toBe(body);
        expect(() => pool.keys()).toThrow(PoolFullError);
        expect(() => pool.set('late', 1)).toThrow(PoolFullError);

        // clear() passes over the emitted values instead of folding them: no room needed.
        pool.clear();
        expect(pool.get(first)).toBeUndefined();
        expect(pool.get('bulk.249')).toBeUndefined();
        expect(pool.keys()).toEqual([]);

        rmSync(join(dir, 'filler'));
        bus.emit(first, 'again');
        pool.set('late', 1);
        expect(pool.keys().sort()).toEqual([first, 'late'].sort());
        expect(pool.get(first)).toBe('again');
        expect(pool.verify().problems).toEqual([]);
      } finally {
        await bus.close();
        await pool.close();
      }
    },
  );
});
