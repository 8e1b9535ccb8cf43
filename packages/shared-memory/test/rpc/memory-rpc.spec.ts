import type { Socket } from 'node:net';
import { createConnection, createServer } from 'node:net';
import { firstValueFrom, toArray } from 'rxjs';
import { Logger } from '@mvent/core';
import {
  MemoryRpcClient,
  MemoryRpcTimeoutError,
  UnsupportedValueError,
  ValueTooLargeError,
} from '@mvent/shared-memory';
import { waitFor } from '@mvent/testing';
import { useMemoryRpc } from './rpc-fixture';
import { ChunkRelay } from '../../src/rpc/chunk-relay';
import { rpcSocketPath } from '../../src/rpc/rpc-frames';
import { createStructuredPackr } from '../../src/pool/value-codec';

const packr = createStructuredPackr();

/** A frame as it travels on a memory-RPC socket: its length, then msgpack. */
function frameBytes(frame: unknown): Buffer {
  const payload = packr.pack(frame);
  const header = Buffer.alloc(4);
  header.writeUInt32LE(payload.length, 0);
  return Buffer.concat([header, payload]);
}

describe('memory RPC', () => {
  const rpc = useMemoryRpc({
    pool: { maxValueBytes: 64 * 1024 },
    setUp: async ({ server }) => {
      server.addRoute('/ticks', request =>
        Promise.resolve(
          (function* () {
            for (let i = 0; i < Number(request.query.n); i++) yield i;
          })(),
        ),
      );
      await server.listen();
    },
  });
  let sockets: Socket[] = [];
  let closeHandWritten: (() => Promise<void>) | undefined;

  afterEach(async () => {
    await closeHandWritten?.();
    closeHandWritten = undefined;
    sockets = [];
  });

  it('delivers chunks that arrive with the start of the stream, before anyone subscribed', async () => {
    for (let round = 0; round < 5; round++) {
      const chunks = await firstValueFrom(
        rpc.client.stream<number>('/ticks?n=5000').pipe(toArray()),
      );
      expect(chunks).toHaveLength(5000);
      expect(chunks.every((value, i) => value === i)).toBe(true);
    }
  });

  /** Serves `/hand` from a hand-written socket rpc.server that answers each request with `answer`. */
  async function handWrittenServer(
    answer: (id: string, socket: Socket) => void,
  ): Promise<void> {
    await rpc.server.close();
    rpc.client.close();
    rpc.client = new MemoryRpcClient(rpc.bus, { sharedRing: false }); // it speaks the socket protocol
    const path = rpcSocketPath(rpc.pool.path, process.pid);
    const listener = createServer(socket => {
      socket.once('data', (bytes: Buffer) => {
        const frame = packr.unpack(bytes.subarray(4)) as { id: string };
        answer(frame.id, socket);
      });
    });
    await new Promise<void>(resolve => listener.listen(path, resolve));
    closeHandWritten = () =>
      new Promise<void>(resolve => {
        listener.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    listener.on('connection', socket => sockets.push(socket));
    rpc.pool.update('mvent.rpc.routes', () => ({ '/hand': [process.pid] }));
  }

  it('reads the start, chunks and end of a stream that arrive in one read', async () => {
    await handWrittenServer((id, socket) =>
      socket.write(
        Buffer.concat([
          frameBytes({ id, kind: 'stream-start', headers: {} }),
          frameBytes({ id, kind: 'chunks', chunks: [1, 2, 3] }),
          frameBytes({ id, kind: 'end' }),
        ]),
      ),
    );
    await expect(
      firstValueFrom(rpc.client.stream<number>('/hand').pipe(toArray())),
    ).resolves.toEqual([1, 2, 3]);
  });

  it('reads a response that arrives one byte at a time', async () => {
    await handWrittenServer((id, socket) => {
      const bytes = frameBytes({
        id,
        kind: 'response',
        statusCode: 200,
        headers: {},
        body: { text: 'slowly' },
      });
      let offset = 0;
      const next = () => {
        if (offset === bytes.length) return;
        socket.write(bytes.subarray(offset, ++offset));
        setTimeout(next, 1);
      };
      next();
    });
    const response = await rpc.client.send('/hand');
    expect(response).toMatchObject({
      statusCode: 200,
      body: { text: 'slowly' },
    });
  });

  it('keeps serving after hostile frames, and disconnects callers it cannot read', async () => {
    rpc.server.addRoute('/echo', request => Promise.resolve(request.json()));
    const warnings: string[] = [];
    Logger.overrideLogger({
      log: () => undefined,
      error: () => undefined,
      warn: (message: unknown) => warnings.push(String(message)),
    });
    const path = rpcSocketPath(rpc.pool.path, process.pid);
    const garbage = Buffer.from([3, 0, 0, 0, 0xc1, 0xc1, 0xc1]); // 0xc1 is never valid msgpack
    const huge = Buffer.from([0xff, 0xff, 0xff, 0x7f]); // announces 2 GiB
    for (const bytes of [garbage, huge]) {
      const socket = createConnection(path);
      socket.write(bytes);
      await new Promise(resolve => socket.on('close', resolve)); // the rpc.server hangs up
    }
    const wrongShape = createConnection(path);
    wrongShape.write(frameBytes({ id: 1, path: '../../etc' }));
    await waitFor(() =>
      warnings.some(warning => warning.includes('malformed')),
    );
    wrongShape.destroy();
    const response = await rpc.client.send('/echo', {
      method: 'POST',
      body: { still: 'here' },
    });
    expect(response).toMatchObject({
      statusCode: 200,
      body: { still: 'here' },
    });
  });

  it('keeps 2,000 differently shaped values intact on one connection', async () => {
    rpc.server.addRoute('/echo', request => Promise.resolve(request.json()));
    for (let i = 0; i < 2000; i++) {
      const body = { [`key${i}`]: i, nested: { [`inner${i % 300}`]: [i] } };
      const response = await rpc.client.send('/echo', { method: 'POST', body });
      expect(response.body).toEqual(body);
    }
  });

  it('refuses a request larger than maxValueBytes before sending it', async () => {
    rpc.server.addRoute('/echo', request => Promise.resolve(request.json()));
    const body = { text: 'x'.repeat(rpc.pool.maxValueBytes) };
    await expect(
      rpc.client.send('/echo', { method: 'POST', body }),
    ).rejects.toBeInstanceOf(ValueTooLargeError);
    await expect(
      rpc.client.send('/echo', { method: 'POST', body: { small: true } }),
    ).resolves.toMatchObject({ statusCode: 200 });
  });

  it('refuses a body with no JSON form before sending it, and keeps serving', async () => {
    const handled: unknown[] = [];
    rpc.server.addRoute('/echo', request => {
      handled.push(request.json());
      return Promise.resolve(request.json());
    });
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    await expect(
      rpc.client.send('/echo', { method: 'POST', body: cycle }),
    ).rejects.toBeInstanceOf(UnsupportedValueError);
    await expect(
      rpc.client.send('/echo', { method: 'POST', body: { n: 1 } }),
    ).resolves.toMatchObject({ statusCode: 200, body: { n: 1 } });
    // A bigint has a JSON form (its digits), and reaches the handler exact.
    const big = await rpc.client.send('/echo', {
      method: 'POST',
      body: { n: 12345678901234567890n },
    });
    expect(handled).toEqual([{ n: 1 }, { n: 12345678901234567890n }]);
    expect(big.body).toEqual({ n: 12345678901234567890n });
  });

  it('fails a request with MemoryRpcTimeoutError at its own timeout, while a patient one gets its answer', async () => {
    rpc.server.addRoute(
      '/slow',
      () => new Promise(resolve => setTimeout(() => resolve('late'), 300)),
    );
    const patient = rpc.client.send('/slow', { timeout: 5000 });
    const started = performance.now();
    await expect(
      rpc.client.send('/slow', { timeout: 50 }),
    ).rejects.toBeInstanceOf(MemoryRpcTimeoutError);
    expect(performance.now() - started).toBeLessThan(290);
    await expect(patient).resolves.toMatchObject({ body: 'late' });
  });

  it('answers 404 as soon as the only rpc.server of a route closes', async () => {
    await expect(rpc.client.send('/ticks?n=1')).resolves.toMatchObject({
      statusCode: 200,
    });
    await rpc.server.close();
    await expect(rpc.client.send('/ticks?n=1')).resolves.toMatchObject({
      statusCode: 404,
      servedBy: 0,
    });
  });

  it('answers 500 when the response is too large to send', async () => {
    const text = 'x'.repeat(rpc.pool.maxValueBytes);
    rpc.server.addRoute('/big', () => Promise.resolve({ text }));
    const response = await rpc.client.send('/big');
    expect(response.statusCode).toBe(500);
    expect(response.body).toMatchObject({
      message: expect.stringContaining('could not be sent'),
    });
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
