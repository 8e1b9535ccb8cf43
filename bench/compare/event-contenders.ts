/**
 * The ways to move events between two processes that the comparison puts side by side: each
 * has a publishing side (in the bench's process) and a subscribing side (in a child).
 */
import type { ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';
import Redis from 'ioredis';
import { MemoryEventBus, SharedMemoryPool } from '@mvent/shared-memory';
import type { Sample } from './measure';

/** Where the contenders meet: the pool folder and Redis's port. */
export interface BenchContext {
  poolDir: string;
  redisPort: number;
}

/** The publishing side of a contender. */
export interface Publisher {
  send(sample: Sample): void;
  close(): Promise<void>;
}

/** One contender. */
export interface EventContender {
  name: string;
  /**
   * The publishing side. `subscriber` is the subscribing child when the publisher runs in
   * its parent (`bench:compare`), which child-process IPC needs.
   */
  publisher(
    context: BenchContext,
    subscriber?: ChildProcess,
  ): Publisher | Promise<Publisher>;
  /** Subscribes; resolves with a function that unsubscribes and disconnects. */
  subscribe(
    context: BenchContext,
    onSample: (sample: Sample) => void,
  ): Promise<() => Promise<void>>;
}

const POOL = 'compare';
/** The bare socket's file, in the pool folder (short enough for a socket path). */
const socketPath = (context: BenchContext) =>
  join(context.poolDir, 'bare.sock');
const STREAM = 'compare-stream';
const redisOf = (context: BenchContext, pipelined = false) =>
  new Redis({
    port: context.redisPort,
    host: '127.0.0.1',
    enableAutoPipelining: pipelined,
  });

async function attachBus(poolDir: string): Promise<MemoryEventBus> {
  const pool = new SharedMemoryPool({
    name: POOL,
    dir: poolDir,
    retention: { bytes: 128 * 1024 * 1024 },
  });
  const bus = new MemoryEventBus(pool);
  await bus.ready;
  return bus;
}

const closeBus = (bus: MemoryEventBus) =>
  bus.close().then(() => bus.pool.close());

/** The contenders, by name. */
export const EVENT_CONTENDERS: Record<string, EventContender> = {
  mvent: {
    // `publish` appends to the log like XADD and PUBLISH; `emit` would also store the value.
    name: 'mvent bus',
    async publisher({ poolDir }) {
      const bus = await attachBus(poolDir);
      return {
        send: sample => void bus.publish('compare.sample', sample),
        close: () => closeBus(bus),
      };
    },
    async subscribe({ poolDir }, onSample) {
      const bus = await attachBus(poolDir);
      bus.on<Sample>('compare.*', onSample);
      return () => closeBus(bus);
    },
  },
  emit: {
    // What `@OnEvent` users call: appends the event as the key's new value (read by `get`).
    name: 'mvent emit',
    async publisher({ poolDir }) {
      const bus = await attachBus(poolDir);
      return {
        send: sample => void bus.emit('compare.sample', sample),
        close: () => closeBus(bus),
      };
    },
    subscribe: (context, onSample) =>
      EVENT_CONTENDERS.mvent.subscribe(context, onSample),
  },
  pubsub: {
    name: 'Redis pub/sub',
    publisher(context) {
      const redis = redisOf(context, true);
      return {
        send: sample => void redis.publish(POOL, JSON.stringify(sample)),
        close: () => redis.quit().then(() => undefined),
      };
    },
    async subscribe(context, onSample) {
      const redis = redisOf(context);
      await redis.subscribe(POOL);
      redis.on('message', (_channel: string, message: string) =>
        onSample(JSON.parse(message) as Sample),
      );
      return () => redis.quit().then(() => undefined);
    },
  },
  streams: {
    name: 'Redis Streams',
    async publisher(context) {
      const redis = redisOf(context, true);
      await redis.del(STREAM);
      return {
        send: sample =>
          void redis.xadd(STREAM, '*', 'v', JSON.stringify(sample)),
        close: () => redis.quit().then(() => undefined),
      };
    },
    async subscribe(context, onSample) {
      const redis = redisOf(context);
      let open = true;
      let lastId = '$';
      const loop = (async () => {
        while (open) {
          const reply = await redis.xread(
            'COUNT',
            1000,
            'BLOCK',
            1000,
            'STREAMS',
            STREAM,
            lastId,
          );
          for (const [id, fields] of reply?.[0][1] ?? []) {
            lastId = id;
            onSample(JSON.parse(fields[1]) as Sample);
          }
        }
      })();
      // XREAD BLOCK with `$` only sees entries added after it arrives: wait until it is in place.
      await new Promise(resolve => setTimeout(resolve, 100));
      return async () => {
        open = false;
        await loop.catch(() => undefined);
        await redis.quit();
      };
    },
  },
  ipc: {
    // Node's channel to a child (JSON over a socket pair): the floor for any Node process pair.
    name: 'child-process IPC',
    publisher(_context, subscriber) {
      if (!subscriber) {
        throw new Error(
          'child-process IPC needs the subscriber to be a child of the publisher',
        );
      }
      return {
        send: sample => void subscriber.send({ sample }),
        close: () => Promise.resolve(),
      };
    },
    subscribe(_context, onSample) {
      const listener = (message: { sample?: Sample }) => {
        if (message.sample) onSample(message.sample);
      };
      process.on('message', listener);
      return Promise.resolve(() => {
        process.off('message', listener);
        return Promise.resolve();
      });
    },
  },
  socket: {
    // Newline-delimited JSON on a Unix socket, nothing else: the floor for a message bus.
    name: 'bare Unix socket',
    async publisher(context) {
      const socket = createConnection(socketPath(context));
      await new Promise((resolve, reject) => {
        socket.once('connect', resolve).once('error', reject);
      });
      socket.setNoDelay(true);
      return {
        send: sample => void socket.write(`${JSON.stringify(sample)}\n`),
        close: () => new Promise(resolve => socket.end(resolve)),
      };
    },
    async subscribe(context, onSample) {
      const sockets = new Set<Socket>();
      const server = createServer(socket => {
        sockets.add(socket);
        let rest = '';
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => {
          const lines = (rest + chunk).split('\n');
          rest = lines.pop()!;
          for (const line of lines) onSample(JSON.parse(line) as Sample);
        });
        socket.on('close', () => sockets.delete(socket));
      });
      await new Promise<void>(resolve =>
        server.listen(socketPath(context), resolve),
      );
      return () => {
        for (const socket of sockets) socket.destroy();
        return new Promise<void>(resolve => server.close(() => resolve()));
      };
    },
  },
};
