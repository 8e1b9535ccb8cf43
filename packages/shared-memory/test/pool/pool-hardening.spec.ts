import { ConsoleLogger, Logger } from '@mvent/core';
import type { LoggerService } from '@mvent/core';
import { MemoryEventBus } from '@mvent/shared-memory';
import { LmdbStore } from '../../src/pool/lmdb-store';
import { MemoryRpcClient } from '../../src/rpc/memory-rpc-client';
import { MemoryRpcServer } from '../../src/rpc/memory-rpc-server';
import { startWorker } from '../e2e/worker.util';
import { usePools } from './pool-fixture';
import { waitFor } from '@mvent/testing';

/** Collects what is logged at `level`. */
function captureLogged(level: 'warn' | 'error'): string[] {
  const lines: string[] = [];
  const capture: LoggerService = {
    log: () => undefined,
    warn: () => undefined,
    error: () => undefined,
    [level]: (message: unknown) => lines.push(String(message)),
  };
  Logger.overrideLogger(capture);
  return lines;
}

/** A copy of a record lmdb-js lends (its buffer is reused and longer than the record). */
const copyOf = (borrowed: Buffer) =>
  Buffer.from(borrowed.subarray(0, borrowed.length));

/** The pool's own store, to write what an attacker with the pool's files would. */
const storeOf = (pool: { path: string; name: string }) => {
  const store = LmdbStore.acquire(pool.path, {
    name: pool.name,
    mapSize: 1 << 20,
  });
  void store.close();
  return store;
};

describe('SharedMemoryPool hardening', () => {
  const { openPool, dir } = usePools('hardening');
  afterEach(() => Logger.overrideLogger(new ConsoleLogger()));

  it('should keep the event log apart from maxPoolBytes: a log that wraps never refuses an emit', async () => {
    const pool = openPool({
      maxPoolBytes: 64 * 1024,
      retention: { bytes: 4 * 64 * 1024 },
    });
    const bus = new MemoryEventBus(pool);
    for (let i = 0; i < 2000; i++) bus.emit('e', { i, pad: 'x'.repeat(100) });
    expect(pool.get('e')).toEqual({ i: 1999, pad: 'x'.repeat(100) });
    // The ring holds the latest events only: about 4 x 64 KiB of them.
    const retained = pool.getStats().logRecords;
    expect(retained).toBeGreaterThan(1000);
    expect(retained).toBeLessThan(2000);
    expect(pool.getStats().bytes).toBeLessThanOrEqual(64 * 1024);
    expect(pool.verify()).toMatchObject({ ok: true, logRecords: retained });
    // Entries are limited: a value that does not fit beside them is refused.
    expect(() => pool.set('big', 'y'.repeat(70 * 1024))).toThrow(
      expect.objectContaining({ name: 'PoolFullError', reason: 'limit' }),
    );
    await bus.close();
  });

  it('should refuse an old ciphertext written back over a newer value, and a log record moved to another event', () => {
    const pool = openPool({ encryptionKey: 'k' });
    pool.set('balance', 0);
    const store = storeOf(pool);
    const zero = copyOf(store.peekEntry('balance')!);
    pool.set('balance', 100);
    const current = copyOf(store.peekEntry('balance')!);
    // The attacker keeps the current header (version 2) and writes the old ciphertext back.
    const header = 32;
    const forged = Buffer.concat([
      current.subarray(0, header),
      zero.subarray(header),
    ]);
    store.transaction(() => store.putEntry('balance', forged));
    expect(() => pool.get('balance')).toThrow(
      expect.objectContaining({ code: 'SHM_DECRYPTION_FAILED' }),
    );

    // A log record moved to another event name no longer authenticates.
    const seq = pool.appendEvent('pay', { to: 'eve' });
    const log = pool.events.log;
    const name = log.offsetOf(seq) + 16 + 32; // frame header, record header
    expect(log.bytes.toString('utf8', name, name + 3)).toBe('pay');
    log.bytes.write('pax', name);
    const [logged] = [...pool.events.read(seq)];
    expect(logged.record.name).toBe('pax');
    expect(() => pool.decodeLogValue(logged.record)).toThrow(
      expect.objectContaining({ code: 'SHM_DECRYPTION_FAILED' }),
    );
  });

  it('should skip a damaged frame in the event log without looping on it or reading past its term', () => {
    const errors = captureLogged('error');
    const pool = openPool();
    const seqs = [1, 2, 3].map(i => pool.appendEvent('e', i));
    const log = pool.events.log;
    const lengthAt = log.offsetOf(seqs[1]) / 4 + 1;
    for (const damaged of [0, 1 << 30]) {
      log.int32[lengthAt] = damaged;
      expect([...pool.events.read()].map(event => event.seq)).toEqual([
        seqs[0],
      ]);
    }
    expect(errors).toContainEqual(
      expect.stringMatching(/says it is 0 bytes long: the rest of term 0/),
    );
  });

  it('should keep memory RPC working when a plaintext value is planted in its route table of an encrypted pool', async () => {
    const warnings = captureLogged('warn');
    const pool = openPool({ encryptionKey: 'k' });
    const bus = new MemoryEventBus(pool);
    const server = new MemoryRpcServer(bus);
    server.addRoute('/ping', () => Promise.resolve('pong'));
    await server.listen();
    const store = storeOf(pool);
    const planted = copyOf(store.peekEntry('mvent.rpc.routes')!);
    planted.writeUInt8(0, 1); // clear the "encrypted" flag: a plaintext entry
    store.transaction(() => store.putEntry('mvent.rpc.routes', planted));

    const client = new MemoryRpcClient(bus);
    const answer = async () => (await client.send('/ping')).body;
    // Readers take the unreadable table for empty; the server lists itself again within 1 s.
    await waitFor(async () => (await answer()) === 'pong', { timeout: 4000 });
    expect(warnings.some(w => w.includes('mvent.rpc.routes'))).toBe(true);
    client.close();
    await server.close();
    await bus.close();
  });

  it('should not stall another process while one runs a 2 s update, and report the slow updater', async () => {
    const pool = openPool();
    const worker = await startWorker(pool.name, dir());
    try {
      const warnings = captureLogged('warn');
      let longest = 0;
      let last = performance.now();
      const ticks = setInterval(() => {
        const now = performance.now();
        longest = Math.max(longest, now - last);
        last = now;
      }, 20);
      const slow = worker.request('slowUpdate', { key: 'k', ms: 2000 });
      // Meanwhile this process's heartbeats find the lock taken and skip, without waiting.
      for (let i = 0; i < 3; i++) pool.processes.beat();
      await slow;
      clearInterval(ticks);
      expect(longest).toBeLessThan(500);
      pool.update('k', () => {
        const until = Date.now() + 150;
        while (Date.now() < until);
        return 'also slow';
      });
      expect(warnings.some(w => /updater ran \d+ ms/.test(w))).toBe(true);
    } finally {
      await worker.kill();
    }
  }, 20_000);
});
