/** Starts Debian's `redis-server` on a free loopback port for the comparison, and stops it. */
import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import Redis from 'ioredis';
import { sleep } from './measure';

/** A running Redis, owned by this process. */
export interface RedisHandle {
  port: number;
  version: string;
  stop(): Promise<void>;
}

/** Starts Redis without persistence; throws with the install command when it is missing. */
export async function startRedis(): Promise<RedisHandle> {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error) {
    throw new Error(
      'redis-server is not installed. Install it with `sudo apt-get install -y redis-server` (Debian/Ubuntu), then run `npm run bench:compare` again.',
    );
  }
  const port = await freePort();
  const server: ChildProcess = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    { stdio: 'ignore' },
  );
  // Commands wait while ioredis retries the connection, so the first PING answers once Redis listens.
  const client = new Redis({
    port,
    host: '127.0.0.1',
    retryStrategy: () => 20,
    maxRetriesPerRequest: null,
  });
  client.on('error', () => undefined);
  const started = await Promise.race([
    client.ping(),
    sleep(10_000).then(() => 'timeout'),
  ]);
  if (started !== 'PONG') {
    server.kill();
    throw new Error('redis-server did not answer within 10 s');
  }
  const version =
    /redis_version:(\S+)/.exec(await client.info('server'))?.[1] ?? '?';
  client.disconnect();
  return {
    port,
    version,
    stop: async () => {
      server.kill('SIGTERM');
      await new Promise(resolve => server.once('exit', resolve));
    },
  };
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
