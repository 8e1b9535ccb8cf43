import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server, Socket } from 'node:net';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { socketFd } from '../../src/messaging/socket-fd.util';
import { requireNativeAddon } from '../../src/native/native-addon';

/** The addon's `nudge`: the wake-up byte a writer sends a parked reader, in one system call. */
describe('nudge (native wake-up byte)', () => {
  const native = requireNativeAddon('test');
  let dir: string;
  let server: Server;
  let accepted: Promise<Socket>;
  let client: Socket;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mvent-nudge-'));
    server = createServer();
    accepted = once(server, 'connection').then(([socket]) => socket as Socket);
    server.listen(join(dir, 'reader.sock'));
    await once(server, 'listening');
    client = createConnection(join(dir, 'reader.sock'));
    await once(client, 'connect');
  });

  afterEach(async () => {
    client.destroy();
    (await accepted).destroy();
    await new Promise(resolve => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers exactly the bytes it says it sent', async () => {
    const reader = await accepted;
    let received = 0;
    reader.on('data', (chunk: Buffer) => {
      received += chunk.length;
      expect([...chunk].every(byte => byte === 1)).toBe(true);
    });
    const fd = socketFd(client)!;
    for (let i = 0; i < 100; i++) expect(native.nudge(fd)).toBe(true);
    await waitFor(() => received === 100);
    expect(received).toBe(100);
  });

  it('still says sent when the reader has not read a full buffer (it wakes anyway)', async () => {
    const reader = await accepted;
    reader.pause();
    const fd = socketFd(client)!;
    let sent = 0;
    // Far more than a Unix socket buffers (each byte costs the kernel a buffer of its own).
    for (let i = 0; i < 5_000; i++) {
      expect(native.nudge(fd)).toBe(true);
      sent += 1;
    }
    expect(sent).toBe(5_000);
  });

  it('reports false once the reader is gone, so that the caller learns it through Node', async () => {
    const reader = await accepted;
    reader.destroy();
    const fd = socketFd(client)!;
    await waitFor(() => !native.nudge(fd));
    expect(native.nudge(fd)).toBe(false);
  });

  it('refuses a descriptor that is not a socket with false, and a non-number with a TypeError', () => {
    expect(native.nudge(0x7fff_fff0)).toBe(false);
    expect(() => native.nudge('7' as unknown as number)).toThrow(
      /nudge take numbers/,
    );
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition() && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 5));
  }
}
