import { open } from 'lmdb';
import { join } from 'node:path';
import {
  EncryptionError,
  InvalidPoolNameError,
  PoolClosedError,
  PoolFullError,
  SharedMemoryPool,
  UnsupportedValueError,
  ValueTooLargeError,
} from '@mvent/shared-memory';
import { usePools } from './pool-fixture';

/** The error `fn` throws, or `undefined`. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('SharedMemoryPool', () => {
  const { openPool, dir } = usePools('pool');
  let counter = 0;

  describe('set / get', () => {
    it('should round-trip structured values with their metadata', () => {
      const pool = openPool();
      const value = {
        date: new Date(0),
        map: new Map([['a', 1]]),
        set: new Set([1, 2]),
        bytes: new Uint8Array([1, 2, 3]),
        buffer: Buffer.from('hi'),
        nested: [{ deep: true }],
      };
      pool.set('k', value);
      pool.set('k', value, { ttl: '1h' });
      expect(pool.get('k')).toEqual(value);
      const entry = pool.get('k', { withMetadata: true })!;
      expect(entry).toMatchObject({ version: 2, writerPid: process.pid });
      expect(entry.expiresAt! - entry.updatedAt).toBe(3_600_000);
      expect(pool.get('missing', 'fallback')).toBe('fallback');
    });

    it('should list, filter, delete and clear keys', () => {
      const pool = openPool();
      pool.set('user.1', 1);
      pool.set('user.2', 2);
      pool.set('order.1', 3);
      expect(pool.keys('user.*').sort()).toEqual(['user.1', 'user.2']);
      expect(pool.getAll()).toEqual({ 'order.1': 3, 'user.1': 1, 'user.2': 2 });
      expect(pool.delete('user.1')).toBe(true);
      expect(pool.delete('user.1')).toBe(false);
      pool.clear();
      expect(pool.keys()).toEqual([]);
      expect(pool.getStats()).toMatchObject({ entries: 0, bytes: 0 });
    });

    it('should never return an expired entry, and sweep it', async () => {
      const pool = openPool();
      pool.set('short', 'x', { ttl: 1 });
      await new Promise(resolve => setTimeout(resolve, 5));
      expect(pool.get('short')).toBeUndefined();
      expect(pool.has('short')).toBe(false);
      expect(pool.keys()).toEqual([]);
      pool.processes.beat();
      expect(pool.getStats()).toMatchObject({ expired: 1, bytes: 0 });
    });
  });

  describe('limits', () => {
    it('should reject a value over maxValueBytes and keep the old one', () => {
      const pool = openPool({ maxValueBytes: 100 });
      pool.set('k', 'small');
      expect(() => pool.set('k', 'x'.repeat(200))).toThrow(ValueTooLargeError);
      expect(pool.get('k')).toBe('small');
    });

    it('should raise PoolFullError when full and leave every entry intact', () => {
      const pool = openPool({ maxPoolBytes: 10_000 });
      let written = 0;
      const error = thrown(() => {
        for (;;) {
          pool.set(`k${written}`, 'v'.repeat(100));
          written++;
        }
      });
      expect(error).toBeInstanceOf(PoolFullError);
      expect((error as PoolFullError).message).toMatch(
        /is full: \d+ of 10000 bytes used/,
      );
      expect(written).toBeGreaterThan(10);
      for (let i = 0; i < written; i++) {
        expect(pool.get(`k${i}`)).toBe('v'.repeat(100));
      }
      pool.delete('k0');
      expect(() => pool.set('again', 'v'.repeat(100))).not.toThrow();
    });

    it('should reject invalid pool names, functions, and use after close', async () => {
      for (const name of ['../x', 'a/b', '.hidden', '', 'x'.repeat(101)]) {
        expect(() => new SharedMemoryPool({ name, dir: dir() })).toThrow(
          InvalidPoolNameError,
        );
      }
      const pool = openPool();
      expect(() => pool.set('f', () => 1)).toThrow(UnsupportedValueError);
      await pool.close();
      expect(() => pool.get('x')).toThrow(PoolClosedError);
    });
  });

  describe('encryption', () => {
    it('should encrypt values, and refuse a wrong key, a missing key and plaintext', async () => {
      const name = `secret-${++counter}`;
      const keyed = openPool({ name, encryptionKey: 'correct horse' });
      keyed.set('card', { number: '4111' });
      expect(keyed.get('card')).toEqual({ number: '4111' });

      expect(
        () =>
          new SharedMemoryPool({ name, dir: dir(), encryptionKey: 'wrong' }),
      ).toThrow(expect.objectContaining({ code: 'SHM_WRONG_KEY' }));
      const plain = openPool({ name });
      expect(() => plain.get('card')).toThrow(
        expect.objectContaining({ code: 'SHM_KEY_REQUIRED' }),
      );
      plain.set('injected', 'plaintext');
      expect(() => keyed.get('injected')).toThrow(
        expect.objectContaining({ code: 'SHM_PLAINTEXT_REFUSED' }),
      );
    });

    it('should detect tampered ciphertext', () => {
      const name = `tamper-${++counter}`;
      const pool = openPool({ name, encryptionKey: 'k' });
      pool.set('v', 'secret value');
      const env = open({ path: join(dir(), name), maxDbs: 5 });
      const entries = env.openDB<Buffer, string>('entries', {
        encoding: 'binary',
      });
      const record = Buffer.from(entries.get('v')!);
      record[record.length - 1] ^= 0xff;
      entries.putSync('v', record);
      const error = thrown(() => pool.get('v'));
      expect(error).toBeInstanceOf(EncryptionError);
      expect((error as EncryptionError).code).toBe('SHM_DECRYPTION_FAILED');
    });
  });
});
