import { firstValueFrom, toArray } from 'rxjs';
import { ConsoleLogger, Logger } from '@mvent/core';
import type { RoomMessage, StreamChunk } from '@mvent/shared-memory';
import {
  MemoryEventBus,
  MemoryRpcClient,
  MemoryRpcServerGoneError,
  SharedMemoryPool,
  SharedRooms,
  SharedStreams,
} from '@mvent/shared-memory';
import type { TempDir } from '@mvent/testing';
import { createTempDir, waitFor } from '@mvent/testing';
import type { Worker } from './worker.util';
import { startWorker } from './worker.util';

const WORKER = 'messaging-worker.ts';

describe('RPC, streams and rooms across processes', () => {
  let dir: TempDir;
  let pool: SharedMemoryPool;
  let bus: MemoryEventBus;
  let client: MemoryRpcClient;
  const workers: Worker[] = [];
  let counter = 0;

  async function worker(poolName: string): Promise<Worker> {
    const started = await startWorker(poolName, dir.path, undefined, WORKER);
    workers.push(started);
    return started;
  }

  beforeAll(async () => {
    Logger.overrideLogger(false);
    dir = await createTempDir('mvent-messaging-');
  });

  beforeEach(async () => {
    pool = new SharedMemoryPool({
      name: `messaging-${++counter}`,
      dir: dir.path,
    });
    bus = new MemoryEventBus(pool);
    client = new MemoryRpcClient(bus);
    await bus.ready;
  });

  afterEach(async () => {
    await Promise.all(workers.splice(0).map(w => w.kill()));
    client.close();
    await bus.close();
    await pool.close();
  });

  afterAll(async () => {
    await dir.remove();
    Logger.overrideLogger(new ConsoleLogger());
  });

  it('calls a route served by another process, with 400 for an invalid body and 404 for no route', async () => {
    const server = await worker(pool.name);
    await server.request('serve');
    const ok = await client.send('/add', {
      method: 'POST',
      body: { a: 2, b: 40 },
    });
    expect(ok).toMatchObject({
      statusCode: 200,
      body: { total: 42, pid: server.pid },
      servedBy: server.pid,
    });
    const invalid = await client.send<{ violations: { property: string }[] }>(
      '/add',
      {
        method: 'POST',
        body: { a: 'two' },
      },
    );
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body.violations.map(v => v.property).sort()).toEqual([
      'a',
      'b',
    ]);
    expect((await client.send('/nope')).statusCode).toBe(404);
    expect(client.getRoutes()).toEqual(
      expect.arrayContaining([{ path: '/add', pids: [server.pid] }]),
    );
  });

  it('streams 10,000 chunks complete and in order', async () => {
    const server = await worker(pool.name);
    await server.request('serve');
    const chunks = await firstValueFrom(
      client.stream<number>('/ticks?n=10000').pipe(toArray()),
    );
    expect(chunks).toHaveLength(10_000);
    expect(chunks.every((value, i) => value === i)).toBe(true);
  });

  it('answers each of 1,000 requests exactly once with two serving processes', async () => {
    const [b, c] = await Promise.all([worker(pool.name), worker(pool.name)]);
    await Promise.all([b.request('serve'), c.request('serve')]);
    const responses = await Promise.all(
      Array.from({ length: 1000 }, (_, n) =>
        client.send('/count', { method: 'POST', body: { n } }),
      ),
    );
    expect(responses.every(r => r.statusCode === 200)).toBe(true);
    const handled = [
      ...(await b.request<string[]>('handled')),
      ...(await c.request<string[]>('handled')),
    ];
    expect(handled).toHaveLength(1000);
    expect(new Set(handled).size).toBe(1000);
    expect(new Set(responses.map(r => r.servedBy))).toEqual(
      new Set([b.pid, c.pid]),
    );
  });

  it('fails with a typed error, not a hang, when the server is killed mid-request', async () => {
    const server = await worker(pool.name);
    await server.request('serve');
    const pending = client.send('/slow', { timeout: 20_000 });
    await waitFor(async () =>
      (await server.request<string[]>('handled')).includes('slow'),
    );
    // The socket closes with the process, so the rejection may come before `kill` resolves.
    const failed = expect(pending).rejects.toBeInstanceOf(
      MemoryRpcServerGoneError,
    );
    await server.kill('SIGKILL');
    await failed;
  });

  it('keeps every chunk of two publishers on one stream, each in its order', async () => {
    const streams = new SharedStreams(bus);
    const seen: StreamChunk<{ i: number; from: number }>[] = [];
    streams
      .get<{ i: number; from: number }>('prices.eur')
      .subscribe((_v, chunk) => {
        seen.push(chunk);
      });
    const [b, c] = await Promise.all([worker(pool.name), worker(pool.name)]);
    await Promise.all([
      b.request('publish', { key: 'prices.eur', count: 1000 }),
      c.request('publish', { key: 'prices.eur', count: 1000 }),
    ]);
    await waitFor(() => seen.length === 2000, { timeout: 20_000 });
    for (const pid of [b.pid, c.pid]) {
      expect(
        seen.filter(s => s.value.from === pid).map(s => s.value.i),
      ).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    }
    const seqs = seen.map(s => s.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(2000);
    const lastThree: number[] = [];
    streams
      .get<{ i: number }>('prices.eur')
      .subscribe(v => lastThree.push(v.i), { last: 3 });
    await waitFor(() => lastThree.length === 3);
  });

  it('loses no room message with 2 senders × 1,000, keeps each sender’s order, and keeps history', async () => {
    const rooms = new SharedRooms(bus, pool);
    rooms.connect('lobby', { name: 'observer' });
    const seen: RoomMessage<{ i: number }>[] = [];
    rooms.subscribe<{ i: number }>('lobby', message => {
      seen.push(message);
    });
    const [b, c] = await Promise.all([worker(pool.name), worker(pool.name)]);
    await Promise.all([
      b.request('chat', { room: 'lobby', count: 1000, as: 'ada' }),
      c.request('chat', { room: 'lobby', count: 1000, as: 'bob' }),
    ]);
    await waitFor(() => seen.length === 2000, { timeout: 20_000 });
    for (const sender of ['ada', 'bob']) {
      expect(seen.filter(m => m.from === sender).map(m => m.message.i)).toEqual(
        Array.from({ length: 1000 }, (_, i) => i),
      );
    }
    expect(
      rooms
        .members('lobby')
        .map(m => m.name)
        .sort(),
    ).toEqual(['ada', 'bob', 'observer']);
    expect(rooms.rooms().map(r => r.room)).toEqual(['lobby']);
    const history = rooms.history<{ i: number }>('lobby', { limit: 10 });
    expect(history).toHaveLength(10);
    expect(history.map(m => m.seq)).toEqual(seen.slice(-10).map(m => m.seq));
    await b.kill();
    expect(
      rooms
        .members('lobby')
        .map(m => m.name)
        .sort(),
    ).toEqual(['bob', 'observer']);
  });
});
