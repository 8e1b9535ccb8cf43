import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `NATS_SERVER_BIN`, else where Debian's `nats-server` package puts the server, or
 * `undefined` when it is missing.
 */
export function findNatsServer(): string | undefined {
  const chosen = process.env.NATS_SERVER_BIN; // where another install put it
  if (chosen) return existsSync(chosen) ? chosen : undefined;
  if (existsSync('/usr/sbin/nats-server')) return '/usr/sbin/nats-server';
  try {
    return (
      execFileSync('which', ['nats-server'], { encoding: 'utf8' }).trim() ||
      undefined
    );
  } catch {
    return undefined;
  }
}

/** A nats-server with JetStream that the sample starts for itself, on a free loopback port. */
export class LocalNatsServer {
  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    readonly url: string,
  ) {}

  static async start(binary: string): Promise<LocalNatsServer> {
    const dir = mkdtempSync(join(tmpdir(), 'mvent-sample-08-'));
    const port = await freePort();
    const child = spawn(
      binary,
      ['-js', '-sd', dir, '-a', '127.0.0.1', '-p', String(port)],
      {
        stdio: 'ignore',
      },
    );
    const server = new LocalNatsServer(child, dir, `nats://127.0.0.1:${port}`);
    for (let tries = 0; !(await accepts(port)); tries++) {
      if (tries > 100 || child.exitCode !== null)
        throw new Error(`nats-server did not start on port ${port}`);
      await new Promise(resolve => setTimeout(resolve, 50));
    }
    return server;
  }

  async stop(): Promise<void> {
    const exited = new Promise(resolve => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
