import { statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { firstValueFrom, toArray } from 'rxjs';
import { MemoryRpcStreamError } from '@mvent/shared-memory';
import { rpcSocketPath } from '../../src/rpc/rpc-frames';
import { useMemoryRpc } from './rpc-fixture';
import { waitFor } from '@mvent/testing';

/** A pid no process has: above the kernel's pid_max. */
const DEAD_PID = 4_194_305;

describe('memory RPC under abuse', () => {
  const rpc = useMemoryRpc({
    server: { closeGraceMs: 300 },
    client: { sender: 'forged@example.com' },
  });

  it('should tell the handler the calling process as the kernel knows it, whatever sender it claims', async () => {
    rpc.server.addRoute('/whoami', request =>
      Promise.resolve({ sender: request.sender, peer: request.peer }),
    );
    await rpc.server.listen();
    const { body } = await rpc.client.send('/whoami');
    expect(body).toEqual({
      sender: 'forged@example.com',
      peer: {
        pid: process.pid,
        uid: process.getuid!(),
        gid: process.getgid!(),
      },
    });
  });

  it('should close within its grace period while a stream and a request hang, answering both 503', async () => {
    rpc.server.addRoute('/forever', () =>
      Promise.resolve(
        (async function* () {
          yield 'first';
          await new Promise(() => undefined); // never yields again
        })(),
      ),
    );
    let hanging = false;
    rpc.server.addRoute('/hang', () => {
      hanging = true;
      return new Promise(() => undefined);
    });
    await rpc.server.listen();
    const chunks: unknown[] = [];
    const streamed = new Promise<unknown>(resolve =>
      rpc.client.stream('/forever').subscribe({
        next: chunk => chunks.push(chunk),
        error: resolve,
      }),
    );
    const hung = rpc.client.send('/hang');
    await waitFor(() => chunks.length === 1 && hanging); // both reached the handlers

    const started = performance.now();
    await rpc.server.close();
    expect(performance.now() - started).toBeLessThan(2_000);
    expect((await hung).statusCode).toBe(503);
    const error = (await streamed) as MemoryRpcStreamError;
    expect(error).toBeInstanceOf(MemoryRpcStreamError);
    expect(error.statusCode).toBe(503);
    expect(chunks).toEqual(['first']);
  });

  it('should stream 3,000 chunks of 2 KB, splitting batches that would not fit in one frame', async () => {
    const chunk = 'x'.repeat(2048);
    rpc.server.addRoute('/big', () =>
      Promise.resolve(
        (function* () {
          for (let i = 0; i < 3000; i++) yield `${i}:${chunk}`;
        })(),
      ),
    );
    await rpc.server.listen();
    const received = await firstValueFrom(
      rpc.client.stream<string>('/big').pipe(toArray()),
    );
    expect(received).toHaveLength(3000);
    expect(received.every((value, i) => value === `${i}:${chunk}`)).toBe(true);
  });

  it('should end a stream with one chunk too large for a frame with an error that says so, and keep serving', async () => {
    rpc.server.addRoute('/oversized', () =>
      Promise.resolve(
        (function* () {
          yield 'small';
          yield 'y'.repeat(2 * 1024 * 1024); // over maxValueBytes (1 MiB)
        })(),
      ),
    );
    rpc.server.addRoute('/ok', () => Promise.resolve('ok'));
    await rpc.server.listen();
    const error = await firstValueFrom(
      rpc.client.stream('/oversized').pipe(toArray()),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MemoryRpcStreamError);
    expect((error as MemoryRpcStreamError).statusCode).toBe(500);
    expect(JSON.stringify((error as MemoryRpcStreamError).body)).toMatch(
      /bytes/,
    );
    expect((await rpc.client.send('/ok')).body).toBe('ok');
  });

  it('should remove the socket files of dead processes when it starts, and keep its own owner-only', async () => {
    const sockets = dirname(rpcSocketPath(rpc.pool.path, process.pid));
    const left = [`${DEAD_PID}.rpc.sock`, `${DEAD_PID}.sock`];
    for (const name of left) writeFileSync(join(sockets, name), '');
    rpc.server.addRoute('/ok', () => Promise.resolve('ok'));
    await rpc.server.listen();
    for (const name of left)
      expect(() => statSync(join(sockets, name))).toThrow();
    const own = statSync(rpcSocketPath(rpc.pool.path, process.pid));
    expect((own.mode & 0o777).toString(8)).toBe('600');
  });
});
