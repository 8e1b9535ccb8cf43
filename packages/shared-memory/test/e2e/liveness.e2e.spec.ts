import { closeSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@mvent/core';
import type { TempDir } from '@mvent/testing';
import { createTempDir, waitFor } from '@mvent/testing';
import { KeyTooLongError, MemoryEventBus, SharedMemoryPool } from '../../src';
import type { LmdbStore } from '../../src/pool/lmdb-store';
import type { ProcessRecord } from '../../src/pool/process-record';
import { socketsOf } from '../../src/pool/process-record';
import { requireNativeAddon } from '../../src/native/native-addon';
import { forkTypeScript, startWorker } from './worker.util';

describe('the bus stays alive and lets go cleanly (issue 28)', () => {
  let dir: TempDir;
  let pool: SharedMemoryPool;
  const options = () => ({
    name: 'liveness',
    dir: dir.path,
  });
  const ownRecord = () =>
    [
      ...(
        pool as unknown as { store: LmdbStore }
      ).store.processes<ProcessRecord>(),
    ].find(record => record.pid === process.pid)!;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    dir = await createTempDir('mvent-liveness-');
    pool = new SharedMemoryPool(options());
  });
  afterAll(async () => {
    await pool.close();
    await dir.remove();
  });

  it('survives its pool closing under an open bus, SocketsManager and StreamingEvent while a peer emits', async () => {
    const emitter = await startWorker('liveness', dir.path);
    await emitter.request('emitForever', { event: 'room.room' });
    const child = forkTypeScript(
      join(__dirname, 'fixtures', 'close-order-worker.ts'),
      ['liveness', dir.path],
      true,
    );
    let output = '';
    child.stdout!.on('data', chunk => (output += String(chunk)));
    const code = await new Promise(resolve => child.once('exit', resolve));
    await emitter.kill();
    expect(code).toBe(0);
    const seen = JSON.parse(output) as {
      after: Record<string, string>;
      uncaught: string[];
    };
    // Before: "Can not renew a transaction from a closed database", uncaught (3 runs of 3).
    expect(seen.uncaught).toEqual([]);
    expect(seen.after).toEqual({
      emit: 'PoolClosedError',
      publish: 'PoolClosedError',
      get: 'PoolClosedError',
      send: 'PoolClosedError',
      stream: 'PoolClosedError',
    });
  }, 30_000);

  it('gives each bus of a process its own socket, and wakes them all, over two pool objects', async () => {
    const second = new SharedMemoryPool(options());
    const buses = [
      new MemoryEventBus(pool),
      new MemoryEventBus(pool),
      new MemoryEventBus(second),
    ];
    const received = buses.map(() => [] as number[]);
    buses.forEach((bus, n) =>
      bus.on('tick', (value: { i: number }) => received[n].push(value.i)),
    );
    await Promise.all(buses.map(bus => bus.ready));
    // Before: one `<pid>.sock` for all three, each bus removing the others' file.
    const sockets = socketsOf(ownRecord());
    expect(new Set(sockets).size).toBe(3);
    expect(sockets.every(socket => existsSync(socket))).toBe(true);

    const emitter = await startWorker('liveness', dir.path);
    await emitter.request('emit', { event: 'tick', count: 300 });
    await waitFor(() => received.every(r => r.length === 300), {
      description: 'every bus receiving 300 events',
    });
    await buses[0].close();
    expect(socketsOf(ownRecord())).toHaveLength(2);
    await emitter.request('emit', { event: 'tick', count: 300 });
    await waitFor(
      () => received[1].length === 600 && received[2].length === 600,
      {
        description: 'the open buses receiving 300 more',
      },
    );
    for (const r of received.slice(1)) {
      expect(r).toEqual([...r.keys()].map(i => i % 300)); // in order, none twice
    }
    await emitter.kill();
    await buses[1].close();
    await second.close(); // closes the third bus
    expect(socketsOf(ownRecord())).toEqual([]);
  }, 30_000);

  it('keeps delivering, by its poll, when its wake socket cannot listen', async () => {
    // Directories where the next buses of this process would put their socket files.
    const sockets = join(pool.path, 'sockets');
    const blocked = Array.from({ length: 50 }, (_, n) =>
      join(sockets, `${process.pid}-${n + 1}.sock`),
    ).filter(path => !existsSync(path));
    blocked.forEach(path => mkdirSync(path, { recursive: true }));
    const bus = new MemoryEventBus(pool);
    try {
      const received: number[] = [];
      bus.on('polled', (value: { i: number }) => received.push(value.i));
      await expect(bus.ready).rejects.toThrow(/EADDRINUSE|EEXIST|listen/);
      const emitter = await startWorker('liveness', dir.path);
      await emitter.request('emit', { event: 'polled', count: 50 });
      await waitFor(() => received.length === 50, {
        description: 'the 50 events, read by the safety poll',
      });
      expect(received).toEqual([...Array(50).keys()]);
      await emitter.kill();
    } finally {
      await bus.close();
      blocked.forEach(path => rmSync(path, { recursive: true, force: true }));
    }
  }, 30_000);

  it('binds its wake socket again when someone removes the file, and is woken through it', async () => {
    const bus = new MemoryEventBus(pool);
    const received: number[] = [];
    bus.on('rebound', (value: { i: number }) => received.push(value.i));
    await bus.ready;
    const socket = socketsOf(ownRecord()).at(-1)!;
    const emitter = await startWorker('liveness', dir.path);
    try {
      rmSync(socket); // as a cleaner of the temp folder would
      // Before: gone for good; peers found nobody there and the bus heard by its poll only.
      await waitFor(() => existsSync(socket), {
        description: 'the socket file, bound again',
      });
      const native = requireNativeAddon('test');
      const fd = native.wakeConnect(socket);
      expect(fd).toBeGreaterThanOrEqual(0);
      closeSync(fd);
      await emitter.request('emit', { event: 'rebound', count: 20 });
      await waitFor(() => received.length === 20);
      expect(received).toEqual([...Array(20).keys()]);
    } finally {
      await emitter.kill();
      await bus.close();
    }
  }, 30_000);

  it('never reaps a live process whose event loop is stopped longer than 5 s', async () => {
    const sleeper = await startWorker('liveness', dir.path);
    await sleeper.request('subscribe', { pattern: 'wake' });
    const record = () =>
      pool.attachedProcesses().find(p => p.pid === sleeper.pid);
    const [socket] = socketsOf(
      [
        ...(
          pool as unknown as { store: LmdbStore }
        ).store.processes<ProcessRecord>(),
      ].find(r => r.pid === sleeper.pid)!,
    );
    sleeper.child.kill('SIGSTOP');
    try {
      // Past the old 5 s limit, with heartbeats of this process reaping in between.
      await waitFor(() => Date.now() - (record()?.heartbeatAt ?? 0) > 6500, {
        timeout: 15_000,
        description: 'a heartbeat 6.5 s old',
      });
      // Before: reaped after 5 s, its wake socket deleted for good.
      expect(record()).toBeDefined();
      expect(existsSync(socket)).toBe(true);
    } finally {
      sleeper.child.kill('SIGCONT');
    }
    const bus = new MemoryEventBus(pool);
    await bus.ready;
    for (let i = 0; i < 100; i++) bus.emit('wake', { i });
    await waitFor(async () => (await sleeper.request('count')) === 100, {
      description: 'the resumed process receiving every event',
    });
    await bus.close();
    await sleeper.kill();
  }, 30_000);

  it('reaps a record whose pid now belongs to another process', async () => {
    const store = (pool as unknown as { store: LmdbStore }).store;
    const impostor: ProcessRecord = {
      pid: process.ppid, // alive, but not the process that attached
      startTicks: 1,
      attachedAt: Date.now(),
      heartbeatAt: Date.now(),
    };
    store.transaction(() => store.putProcess(impostor.pid, impostor));
    pool.processes.beat();
    expect(pool.attachedProcesses().map(p => p.pid)).not.toContain(
      process.ppid,
    );
    expect(
      pool.departedProcesses().find(gone => gone.pid === process.ppid),
    ).toMatchObject({ how: 'died' });
  });

  it('publishes statistics bounded in bytes, however long the event names', async () => {
    const bus = new MemoryEventBus(pool);
    const longName = (n: number) => `${'long.'.repeat(12_000)}${n}`; // 60 KB
    // An emitted event's name is its key: over LMDB's 1,978 bytes, a typed error.
    expect(() => bus.emit(longName(0), 0)).toThrow(KeyTooLongError);
    expect(() => pool.get(longName(0))).toThrow(KeyTooLongError);
    await Promise.all(
      Array.from({ length: 300 }, (_, n) => bus.publish(longName(n), n)),
    );
    pool.processes.beat();
    const bytes = Buffer.byteLength(JSON.stringify(ownRecord().stats));
    // Before: 18 MB a heartbeat (300 × 60 KB); now each name is cut at 200 characters.
    expect(bytes).toBeLessThan(150_000);
    await bus.close();
  });
});
