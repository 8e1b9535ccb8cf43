import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { SharedMemoryPool } from '@mvent/shared-memory';
import { PoolFormatError, PoolFullError } from '@mvent/shared-memory';
import { LmdbStore } from '../../src/pool/lmdb-store';
import { usePools } from './pool-fixture';

describe('SharedMemoryPool integrity', () => {
  const { openPool } = usePools('integrity');
  /** The pool's own store (shared in this process), to damage it as a bug or an attacker could. */
  const storeOf = (pool: SharedMemoryPool) => {
    const store = LmdbStore.acquire(pool.path, {
      name: pool.name,
      mapSize: 1 << 20,
    });
    void store.close(); // one user less again: the pool still holds it
    return store;
  };
  /** A pool with entries, expiring entries and log records. */
  const populated = () => {
    const pool = openPool();
    pool.set('plain', { a: 1 });
    pool.set('expiring', 'soon', { ttl: '1h' });
    pool.appendEvent('event', 1);
    pool.appendEvent('event', 2);
    pool.appendMessage('message', 'm');
    return pool;
  };

  describe('verify', () => {
    it('should find nothing wrong in a pool written through its API, and count it', () => {
      const pool = populated();
      const verification = pool.verify();
      expect(verification).toEqual({
        ok: true,
        problems: [],
        entries: 3, // plain, expiring, event
        logRecords: 3,
        bytes: pool.getStats().bytes,
        expiryRows: 1,
        state: { bytes: pool.getStats().bytes },
      });
    });

    it('should report a wrong byte count', () => {
      const pool = populated();
      const store = storeOf(pool);
      pool.keys(); // folds the emitted value into the entries, before the count is spoiled
      store.transaction(() =>
        store.writeState({ ...store.readState(), bytes: 1 }),
      );
      const { ok, problems } = pool.verify();
      expect(ok).toBe(false);
      expect(problems).toEqual([
        expect.stringMatching(
          /^the pool counts 1 bytes, the recount finds \d+$/,
        ),
      ]);
    });

    it('should report an expiry index that disagrees with the entries', () => {
      const pool = populated();
      const store = storeOf(pool);
      store.transaction(() => {
        store.reindexExpiry(
          'expiring',
          store.expiryRange().next().value!.expiresAt,
          0,
        );
        store.reindexExpiry('ghost', 0, 42);
      });
      expect(pool.verify().problems).toEqual([
        'the expiry index lists "ghost" at 42, the entry says it does not exist',
        'entry "expiring" expires but is not in the expiry index',
      ]);
    });

    it('should report records that cannot be read', () => {
      const pool = populated();
      const store = storeOf(pool);
      store.transaction(() => {
        store.putEntry('plain', Buffer.from('not a record'));
      });
      // The message's value, in the log, damaged: a msgpack array of 2 with nothing in it.
      const [message] = [...pool.events.read()].filter(
        e => e.record.name === 'message',
      );
      const log = pool.events.log;
      const payload = log.offsetOf(message.seq) + 16 + 32 + 'message'.length;
      log.bytes[payload] = 0x92;
      const { problems } = pool.verify();
      expect(problems).toContain('entry "plain" is not a record');
      expect(problems).toContainEqual(
        expect.stringMatching(/^event-log record at \d+ cannot be decoded: /),
      );
    });
  });

  describe('settings', () => {
    it('should keep the settings a pool was created with when a later process asks for others', () => {
      const first = openPool({
        maxPoolBytes: 64 * 1024,
        retention: { bytes: 4 * 64 * 1024 },
      });
      const second = openPool({ name: first.name }); // defaults: 256 MiB, 32 MiB
      expect([second.maxPoolBytes, second.logBytes]).toEqual([
        64 * 1024,
        4 * 64 * 1024,
      ]);
      expect(() => second.set('big', 'x'.repeat(70 * 1024))).toThrow(
        PoolFullError,
      );
      for (let i = 0; i < 20; i++) second.appendEvent('e', i);
      expect(second.getStats().logRecords).toBe(20);
      expect(second.verify().ok).toBe(true);
    });

    it('should refuse a pool written in another layout', () => {
      const pool = openPool();
      const store = storeOf(pool);
      const settings = store.getMeta<Record<string, number>>('settings')!;
      store.transaction(() =>
        store.putMeta('settings', { ...settings, layout: 99 }),
      );
      expect(() =>
        openPool({ name: pool.name, dir: join(pool.path, '..') }),
      ).toThrow(PoolFormatError);
    });
  });

  describe('storage', () => {
    it('should refuse a write outside a transaction, which would bypass the pool lock', () => {
      const store = storeOf(openPool());
      expect(() => store.putEntry('k', Buffer.alloc(40))).toThrow(
        /outside transaction\(\) would bypass the pool lock/,
      );
    });

    it('should create its files for its owner only', () => {
      const pool = openPool();
      for (const file of ['data.mdb', 'lock.mdb', 'mvent.lock', 'events.log']) {
        expect((statSync(join(pool.path, file)).mode & 0o777).toString(8)).toBe(
          '600',
        );
      }
      expect((statSync(pool.path).mode & 0o777).toString(8)).toBe('700');
    });
  });
});
