import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  MemoryEventBus,
  PoolFullError,
  SharedMemoryPool,
} from '@mvent/shared-memory';
import { createTempDir, waitFor } from '@mvent/testing';
import type { TempDir } from '@mvent/testing';
import type { Worker } from './worker.util';
import { startWorker } from './worker.util';

interface Received {
  seq: number;
  event: string;
  value: { i: number; from: number; padding?: string };
  origin: number;
  replayed?: boolean;
}

describe('shared-memory events across processes', () => {
  let dir: TempDir;
  let workers: Worker[] = [];
  let poolName: string;
  let counter = 0;

  beforeAll(async () => {
    dir = await createTempDir('mvent-shm-');
  });
  beforeEach(() => {
    poolName = `xproc-${++counter}`;
  });
  afterEach(async () => {
    await Promise.all(workers.map(worker => worker.kill()));
    workers = [];
  });
  afterAll(() => dir.remove());

  const spawn = async (n: number) => {
    const started = await Promise.all(
      Array.from({ length: n }, () => startWorker(poolName, dir.path)),
    );
    workers.push(...started);
    return started;
  };

  it("should deliver 3 processes × 1,000 events to every process exactly once, in each emitter's order", async () => {
    const all = await spawn(3);
    await Promise.all(
      all.map(w => w.request('subscribe', { pattern: 'load.*' })),
    );
    await Promise.all(
      all.map(w => w.request('emit', { event: `load.${w.pid}`, count: 1000 })),
    );

    for (const worker of all) {
      await waitFor(
        async () => (await worker.request<number>('count')) >= 3000,
        {
          timeout: 20_000,
          description: `3000 events in ${worker.pid}`,
        },
      );
      const received = await worker.request<Received[]>('received');
      expect(received).toHaveLength(3000);
      expect(new Set(received.map(r => r.seq)).size).toBe(3000);
      for (const emitter of all) {
        const fromEmitter = received
          .filter(r => r.origin === emitter.pid)
          .map(r => r.value.i);
        expect(fromEmitter).toEqual(Array.from({ length: 1000 }, (_, i) => i));
      }
      const seqs = received.map(r => r.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
  });

  it('should stay readable and keep delivering after a writer is SIGKILLed mid-emit', async () => {
    const [writer, survivor, listener] = await spawn(3);
    await listener.request('subscribe', { pattern: '**' });
    await writer.request('emitForever', { event: 'storm' });
    await waitFor(async () => (await listener.request<number>('count')) > 500, {
      timeout: 20_000,
    });
    const writerSocket = join(
      dir.path,
      poolName,
      'sockets',
      `${writer.pid}-1.sock`, // its first bus
    );
    expect(existsSync(writerSocket)).toBe(true);
    await writer.kill('SIGKILL');

    await survivor.request('emit', { event: 'after', count: 100 });
    await survivor.request('set', { key: 'still', value: 'writable' });
    await waitFor(
      async () =>
        (await listener.request<Received[]>('received')).filter(
          r => r.event === 'after',
        ).length === 100,
      { timeout: 20_000, description: '100 events after the kill' },
    );
    expect(await listener.request('get', { key: 'still' })).toBe('writable');

    const storm = (await listener.request<Received[]>('received')).filter(
      r => r.event === 'storm',
    );
    storm.forEach((r, index) => {
      expect(r.value).toEqual({
        i: index,
        from: writer.pid,
        padding: 'x'.repeat(200),
      });
    });
    await waitFor(() => !existsSync(writerSocket), {
      timeout: 10_000,
      description: 'the stale socket removed',
    });
    const pool = new SharedMemoryPool({ name: poolName, dir: dir.path });
    expect(pool.getStats().attachedProcesses).toBe(3);
    const last = pool.get<Received['value']>('storm')!;
    expect(last).toEqual({
      i: last.i,
      from: writer.pid,
      padding: 'x'.repeat(200),
    });
    expect(last.i).toBeGreaterThanOrEqual(storm.length - 1);
    await pool.close();
  });

  it("should refuse an emit that another process's set left no room for", async () => {
    const pool = new SharedMemoryPool({
      name: poolName,
      dir: dir.path,
      maxPoolBytes: 64 * 1024,
    });
    const bus = new MemoryEventBus(pool);
    try {
      const [other] = await spawn(1);
      bus.emit('small', 1); // this process now knows the pool's size
      await other.request('set', { key: 'big', value: 'x'.repeat(60_000) });
      // Before: this process kept the size it had read until its next commit, and let it in.
      expect(() => bus.emit('late', 'y'.repeat(10_000))).toThrow(PoolFullError);
      expect(pool.getStats().bytes).toBeLessThanOrEqual(64 * 1024);
      expect(pool.verify().ok).toBe(true);
    } finally {
      await bus.close();
      await pool.close();
    }
  });

  it('should let every process see a TTL expire', async () => {
    const [writer, reader] = await spawn(2);
    await writer.request('set', {
      key: 'session',
      value: { user: 'ada' },
      ttl: '1500ms',
    });
    expect(await reader.request('get', { key: 'session' })).toEqual({
      user: 'ada',
    });
    await waitFor(
      async () => (await reader.request('has', { key: 'session' })) === false,
      { timeout: 5000 },
    );
    expect(await reader.request('get', { key: 'session' })).toBeNull();
  });

  it('should start a late subscriber at the tail, and give the current value first with replay: latest', async () => {
    const [emitter, late, replaying] = await spawn(3);
    await emitter.request('emit', { event: 'price', count: 2 });
    await late.request('subscribe', { pattern: 'price' });
    await replaying.request('subscribe', {
      pattern: 'price',
      replay: 'latest',
    });
    await emitter.request('emit', { event: 'price', count: 1 });

    await waitFor(async () => (await late.request<number>('count')) === 1);
    await waitFor(async () => (await replaying.request<number>('count')) === 2);
    const lateValues = await late.request<Received[]>('received');
    expect(lateValues.map(r => [r.value.i, r.replayed])).toEqual([
      [0, undefined],
    ]);
    const replayed = await replaying.request<Received[]>('received');
    expect(replayed.map(r => [r.value.i, r.replayed])).toEqual([
      [1, true],
      [0, undefined],
    ]);
  });

  it('should deliver the same value emitted twice, twice', async () => {
    const pool = new SharedMemoryPool({ name: poolName, dir: dir.path });
    const bus = new MemoryEventBus(pool);
    await bus.ready;
    const [listener] = await spawn(1);
    await listener.request('subscribe', { pattern: 'same' });
    bus.emit('same', 1);
    bus.emit('same', 1);
    await waitFor(async () => (await listener.request<number>('count')) === 2);
    await bus.close();
    await pool.close();
  });
});
