import {
  existsSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createConnection } from 'node:net';
import type { MemoryRpcClient } from '@mvent/shared-memory';
import { waitFor } from '@mvent/testing';
import { useMemoryRpc } from './rpc-fixture';
import type { FrameSocket } from '../../src/rpc/frame-socket';
import {
  openOfferedRingFile,
  RING_FILE_BYTES,
  ringsAvailable,
} from '../../src/rpc/ring-file';
import { rpcSocketPath } from '../../src/rpc/rpc-frames';
import { createStructuredPackr } from '../../src/pool/value-codec';

const ringFilesOf = (pid: number) =>
  readdirSync('/dev/shm').filter(name => name.startsWith(`mvent-ring-${pid}-`));

/** The client's connection to this process's server (white-box: which path frames take). */
const connectionOf = (client: MemoryRpcClient) =>
  (
    client as unknown as {
      connections: Map<number, FrameSocket<unknown, unknown>>;
    }
  ).connections.get(process.pid)!;

describe('memory RPC over shared-memory rings', () => {
  const rpc = useMemoryRpc({
    pool: { maxValueBytes: 4 * 1024 * 1024 },
    setUp: async ({ server }) => {
      server.addRoute('/echo', request => Promise.resolve(request.body));
      await server.listen();
    },
  });

  it('are built on this machine (CI installs a C compiler), so these tests exercise them', () => {
    expect(ringsAvailable()).toBe(true);
  });

  it('carries the frames, leaves no ring file behind, and uses the socket only to set up', async () => {
    for (let i = 0; i < 200; i++) {
      const response = await rpc.client.send('/echo', {
        method: 'POST',
        body: `request ${i} `.repeat(100),
      });
      expect(Buffer.from(response.body as Uint8Array).toString()).toBe(
        `request ${i} `.repeat(100),
      );
    }
    const connection = connectionOf(rpc.client);
    expect(connection.overSharedRing).toBe(true);
    // 200 requests of 1.2 KB went by; the socket saw the offer and at most a few nudges.
    expect(connection.socket.bytesWritten).toBeLessThan(1000);
    expect(ringFilesOf(process.pid)).toEqual([]);
  });

  it('streams a body six times the ring through it, both ways, intact', async () => {
    const body = Buffer.alloc(6 * 256 * 1024);
    for (let i = 0; i < body.length; i++) body[i] = (i * 31) & 0xff;
    const response = await rpc.client.send('/echo', { method: 'POST', body });
    expect(Buffer.from(response.body as Uint8Array).equals(body)).toBe(true);
  });

  it('answers 300 concurrent requests that overfill the ring, each with its own body', async () => {
    const bodies = Array.from({ length: 300 }, (_, i) =>
      String(i).padEnd(10_000, '.'),
    );
    const responses = await Promise.all(
      bodies.map(body => rpc.client.send('/echo', { method: 'POST', body })),
    );
    responses.forEach((response, i) =>
      expect(Buffer.from(response.body as Uint8Array).toString()).toBe(
        bodies[i],
      ),
    );
  });

  it('refuses to map a path a caller names that is not a ring file, and goes on over the socket', async () => {
    const packr = createStructuredPackr({ sequential: true });
    const socket = createConnection(rpcSocketPath(rpc.pool.path, process.pid));
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    const path = Buffer.from('/etc/passwd');
    const offer = Buffer.alloc(8 + path.length);
    offer.writeUInt32LE(0x80000001, 0);
    offer.writeUInt32LE(path.length, 4);
    path.copy(offer, 8);
    socket.write(offer);
    await waitFor(() => Buffer.concat(received).length >= 8);
    expect(Buffer.concat(received).readUInt32LE(0)).toBe(0x80000003); // refused

    const request = packr.pack({
      id: 'r1',
      path: '/echo',
      method: 'POST',
      headers: {},
      query: {},
      body: Buffer.from('over the socket'),
      sender: 'test',
    });
    const header = Buffer.alloc(4);
    header.writeUInt32LE(request.length, 0);
    socket.write(Buffer.concat([header, request]));
    await waitFor(() => Buffer.concat(received).length > 8);
    socket.destroy();
    expect(Buffer.concat(received).subarray(8).toString('latin1')).toContain(
      'over the socket',
    );
  });

  it('accepts only this user’s regular files with a ring’s name and size', () => {
    const fake = `/dev/shm/mvent-ring-${process.pid}-0123456789abcdef`;
    const link = `/dev/shm/mvent-ring-${process.pid}-fedcba9876543210`;
    try {
      writeFileSync(fake, Buffer.alloc(100));
      expect(() => openOfferedRingFile(fake)).toThrow(/ring file/);
      expect(existsSync(fake)).toBe(true); // nothing it refused is removed

      writeFileSync(fake, Buffer.alloc(RING_FILE_BYTES));
      symlinkSync(fake, link);
      expect(() => openOfferedRingFile(link)).toThrow(/open/); // O_NOFOLLOW

      for (const path of [
        '/etc/passwd',
        '/dev/shm/../etc/passwd',
        `${rpc.dir.path}/mvent-ring-1-0123456789abcdef`,
        '/dev/shm/mvent-ring-1-0123456789abcdef/../x',
      ]) {
        expect(() => openOfferedRingFile(path)).toThrow(
          /is not a ring file name/,
        );
      }
    } finally {
      for (const path of [fake, link]) rmSync(path, { force: true });
    }
  });
});
