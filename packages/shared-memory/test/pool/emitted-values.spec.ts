import { waitFor } from '@mvent/testing';
import { LmdbStore } from '../../src/pool/lmdb-store';
import { MemoryEventBus, PoolFullError } from '../../src';
import type { SharedMemoryPool } from '../../src';
import type { Worker } from '../e2e/worker.util';
import { startWorker } from '../e2e/worker.util';
import { keysSharingABucket, usePools } from './pool-fixture';

/** Where the pool's store says it has folded the event log up to. */
const foldedOf = (pool: SharedMemoryPool) => {
  const store = LmdbStore.acquire(pool.path, { name: pool.name, mapSize: 1 });
  void store.close();
  store.refresh();
  return store.foldedPosition();
};

/**
 * `emit` writes its value to the event log only; the store catches up when the log is folded
 * into it. These tests check that no reader can tell: every read sees the latest write, in
 * the order the writes were made, in every process.
 */
describe('values written by emit', () => {
  const { openPool } = usePools('emitted');
  const workers: Worker[] = [];
  const buses: MemoryEventBus[] = [];
  afterEach(async () => {
    await Promise.all(workers.splice(0).map(worker => worker.kill()));
    await Promise.all(buses.splice(0).map(bus => bus.close()));
  });
  const busOf = (pool: SharedMemoryPool) => {
    const bus = new MemoryEventBus(pool);
    buses.push(bus);
    return bus;
  };

  it('are read by another process at once, from the log, before any fold', async () => {
    const pool = openPool();
    const worker = await startWorker(
      pool.name,
      pool.path.replace(/\/[^/]+$/, ''),
    );
    workers.push(worker);
    const bus = busOf(pool);
    bus.emit('greeting', { text: 'hello' });
    expect(await worker.request('get', { key: 'greeting' })).toEqual({
      text: 'hello',
    });
    expect(await worker.request('has', { key: 'greeting' })).toBe(true);
    bus.emit('greeting', { text: 'again' });
    expect(await worker.request('get', { key: 'greeting' })).toEqual({
      text: 'again',
    });
    expect(foldedOf(pool)).toBe(0);
  });

  it('take their place among set, update and delete in the order of the calls', () => {
    const pool = openPool();
    const bus = busOf(pool);
    bus.emit('k', 1);
    expect(pool.get('k')).toBe(1);
    pool.set('k', 2);
    expect(pool.get('k')).toBe(2);
    bus.emit('k', 3);
    expect(pool.get('k')).toBe(3);
    expect(pool.update<number>('k', n => n! + 1)).toBe(4);
    expect(pool.get('k')).toBe(4);
    bus.emit('k', 5);
    expect(pool.delete('k')).toBe(true);
    expect(pool.get('k')).toBeUndefined();
    bus.emit('k', 6);
    bus.emit('k', 7);
    expect(pool.get('k', { withMetadata: true })).toMatchObject({
      value: 7,
      version: 2,
      writerPid: process.pid,
    });
    pool.clear();
    expect(pool.get('k')).toBeUndefined();
    expect(pool.verify()).toMatchObject({ ok: true, entries: 0 });
  });

  it('are found when another key wrote the same bucket later (the store is folded first)', () => {
    const pool = openPool();
    const bus = busOf(pool);
    const [first, second] = keysSharingABucket();
    bus.emit(first, 'first');
    bus.emit(second, 'second');
    expect(foldedOf(pool)).toBe(0);
    expect(pool.get(first)).toBe('first');
    expect(foldedOf(pool)).toBeGreaterThan(0);
    expect(pool.get(second)).toBe('second');
  });

  it('expire by their TTL before and after they are folded', async () => {
    const pool = openPool();
    const bus = busOf(pool);
    // Long enough that a loaded machine reads it before it expires.
    bus.emit('short', 'soon gone', { ttl: '2s' });
    bus.emit('long', 'stays', { ttl: '1h' });
    expect(pool.get('short')).toBe('soon gone');
    expect(foldedOf(pool)).toBe(0);
    await waitFor(() => pool.get('short') === undefined, { timeout: 10_000 });
    expect(foldedOf(pool)).toBe(0); // expired in the log, before any fold
    expect(pool.has('short')).toBe(false);
    expect(pool.keys()).toEqual(['long']);
    expect(pool.get('long', { withMetadata: true })?.expiresAt).toBeGreaterThan(
      Date.now() + 3_500_000,
    );
    expect(pool.verify()).toMatchObject({ ok: true, expiryRows: 2 });
  });

  it('count in versions, keys, sizes and the integrity check', () => {
    const pool = openPool();
    const bus = busOf(pool);
    for (let i = 0; i < 3; i++) bus.emit('thrice', { i });
    bus.emit('once', 'x');
    expect(pool.versionOf('thrice')).toBe(3);
    expect(pool.keys().sort()).toEqual(['once', 'thrice']);
    const stats = pool.getStats();
    expect(stats.entries).toBe(2);
    expect(stats.bytes).toBeGreaterThan(0);
    expect(pool.verify()).toMatchObject({
      ok: true,
      entries: 2,
      logRecords: 4,
      bytes: stats.bytes,
    });
  });

  it('are refused with PoolFullError once the pool is full, after a fold shows it, and what fit stays', () => {
    const pool = openPool({ maxPoolBytes: 64 * 1024 });
    const bus = busOf(pool);
    const value = 'x'.repeat(1000);
    let accepted = 0;
    let refusal: unknown;
    try {
      for (; accepted < 1000; accepted++) bus.emit(`key.${accepted}`, value);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(PoolFullError);
    expect(accepted).toBeGreaterThan(50);
    const { bytes } = pool.getStats();
    expect(bytes).toBeLessThanOrEqual(64 * 1024);
    expect(bytes + 1100).toBeGreaterThan(64 * 1024); // the next would not fit
    expect(pool.get(`key.${accepted - 1}`)).toBe(value);
    expect(pool.keys()).toHaveLength(accepted);
    expect(pool.verify().ok).toBe(true);
  });

  it('are folded before the log recycles a term, so a log that wraps many times loses none', () => {
    // Four terms of 64 KiB; 3,000 keys of about 300 bytes wrap it several times, and nothing
    // but the appends themselves folds.
    const pool = openPool({ retention: { bytes: 4 * 64 * 1024 } });
    const bus = busOf(pool);
    const body = 'y'.repeat(200);
    for (let i = 0; i < 3000; i++) bus.emit(`wrap.${i}`, { i, body });
    expect(pool.getStats().logRecords).toBeLessThan(3000); // it did wrap
    expect(foldedOf(pool)).toBeGreaterThan(0);
    for (let i = 0; i < 3000; i++) {
      expect(pool.get<{ i: number }>(`wrap.${i}`)?.i).toBe(i);
    }
    expect(pool.verify()).toMatchObject({ ok: true, entries: 3000 });
  });

  it('are sealed for the log and sealed again for the store in an encrypted pool', async () => {
    const pool = openPool({ encryptionKey: 'correct horse' });
    const worker = await startWorker(
      pool.name,
      pool.path.replace(/\/[^/]+$/, ''),
      'correct horse',
    );
    workers.push(worker);
    busOf(pool).emit('secret', { n: 42 });
    expect(await worker.request('get', { key: 'secret' })).toEqual({ n: 42 });
    expect(pool.get('secret', { withMetadata: true })?.value).toEqual({
      n: 42,
    });
    expect(foldedOf(pool)).toBeGreaterThan(0);
    expect(await worker.request('get', { key: 'secret' })).toEqual({ n: 42 });
    expect(pool.verify().ok).toBe(true);
  });

  it('are folded when the pool closes, so the next process finds the store current', async () => {
    const pool = openPool();
    const bus = busOf(pool);
    bus.emit('kept', 'yes');
    const tail = pool.events.tail();
    await bus.close();
    await pool.close();
    const next = openPool({ name: pool.name });
    expect(foldedOf(next)).toBe(tail);
    expect(next.get('kept')).toBe('yes');
  });
});
