import { firstValueFrom, toArray } from 'rxjs';
import { ConsoleLogger, Logger } from '@mvent/core';
import {
  MemoryEventBus,
  MemoryRpcClient,
  MemoryRpcServer,
  SharedMemoryPool,
} from '@mvent/shared-memory';
import type { TempDir } from '@mvent/testing';
import { createTempDir } from '@mvent/testing';
import { ChunkRelay } from '../../src/rpc/chunk-relay';

describe('memory RPC streams', () => {
  let dir: TempDir;
  let pool: SharedMemoryPool;
  let bus: MemoryEventBus;
  let server: MemoryRpcServer;
  let client: MemoryRpcClient;

  beforeEach(async () => {
    Logger.overrideLogger(false);
    dir = await createTempDir('mvent-rpc-stream-');
    pool = new SharedMemoryPool({
      name: 'stream',
      dir: dir.path,
      retention: { count: 1_000_000 },
    });
    bus = new MemoryEventBus(pool);
    server = new MemoryRpcServer(bus);
    client = new MemoryRpcClient(bus);
    server.addRoute('/ticks', request =>
      Promise.resolve(
        (function* () {
          for (let i = 0; i < Number(request.query.n); i++) yield i;
        })(),
      ),
    );
    await server.listen();
  });

  afterEach(async () => {
    client.close();
    await server.close();
    await bus.close();
    await pool.close();
    await dir.remove();
    Logger.overrideLogger(new ConsoleLogger());
  });

  it('delivers chunks that arrive with the start of the stream, before anyone subscribed', async () => {
    for (let round = 0; round < 5; round++) {
      const chunks = await firstValueFrom(
        client.stream<number>('/ticks?n=5000').pipe(toArray()),
      );
      expect(chunks).toHaveLength(5000);
      expect(chunks.every((value, i) => value === i)).toBe(true);
    }
  });

  it('keeps chunks that reach the client in the same drain as the start of the stream', async () => {
    // A hand-written server answering at once: start, chunks and end in one transaction.
    await server.close();
    pool.update('mvent.rpc.routes', () => ({ '/burst': [process.pid] }));
    bus.on<{ id: string }>(`mvent.rpc.req.${process.pid}`, ({ id }) => {
      const reply = `mvent.rpc.res.${process.pid}`;
      void bus.publish(reply, { id, kind: 'stream-start', headers: {} });
      void bus.publish(reply, { id, kind: 'chunks', chunks: [1, 2, 3] });
      void bus.publish(reply, { id, kind: 'end' });
    });
    await expect(
      firstValueFrom(client.stream<number>('/burst').pipe(toArray())),
    ).resolves.toEqual([1, 2, 3]);
  });

  it('holds early chunks, the end and errors for the first subscriber', async () => {
    const relay = new ChunkRelay<number>();
    relay.next(1);
    relay.next(2);
    relay.complete();
    await expect(
      firstValueFrom(relay.asObservable().pipe(toArray())),
    ).resolves.toEqual([1, 2]);
    const failing = new ChunkRelay<number>();
    failing.next(1);
    failing.error(new Error('boom'));
    await expect(
      firstValueFrom(failing.asObservable().pipe(toArray())),
    ).rejects.toThrow('boom');
  });
});
