/**
 * The consumer process of the benchmark: attaches to the pool, records the latency of every
 * event (now − the emit time carried in the value), and answers its parent's commands.
 */
import { createConnection } from 'node:net';
import { monotonicMs } from '@mvent/testing';
import {
  MemoryEventBus,
  MemoryRpcServer,
  SharedMemoryPool,
  SharedRooms,
} from '../src';

const [name, dir] = process.argv.slice(2);
const pool = new SharedMemoryPool({
  name,
  dir,
  retention: { bytes: 256 * 1024 * 1024 }, // flat-out runs never wrap
});
const bus = new MemoryEventBus(pool);
let latencies: number[] = [];
let lastSeenAt = 0;

bus.on('bench.*', (value: { t: number }) => {
  lastSeenAt = monotonicMs();
  latencies.push(lastSeenAt - value.t);
});

process.on('message', (message: { cmd: string; socket?: string }) => {
  if (message.cmd === 'take') {
    process.send!({ latencies, lastSeenAt });
    latencies = [];
  } else if (message.cmd === 'cpu') {
    // Let start-up work settle first: the garbage collector digests the large modules that
    // class-validator loads for several seconds after start (measured: ~0.3% of a core).
    setTimeout(() => {
      const start = process.cpuUsage();
      setTimeout(() => {
        const used = process.cpuUsage(start);
        process.send!({ cpuMs: (used.user + used.system) / 1000 });
      }, 10_000);
    }, 10_000);
  } else if (message.cmd === 'raw-socket' && message.socket) {
    // Baseline: the same wake-up through a bare Unix socket, no pool and no log.
    const socket = createConnection(message.socket);
    socket.on('error', () => undefined);
    socket.on('data', chunk => {
      const now = monotonicMs();
      for (let i = 0; i + 8 <= chunk.length; i += 8) {
        latencies.push(now - chunk.readDoubleLE(i));
      }
    });
  } else if (message.cmd === 'serve') {
    // RPC: `/echo` answers its body; `/ticks?n=` streams n numbers.
    const server = new MemoryRpcServer(bus);
    server.addRoute('/echo', request => Promise.resolve(request.json()));
    server.addRoute('/ticks', request =>
      Promise.resolve(
        (function* () {
          for (let i = 0; i < Number(request.query.n); i++) yield i;
        })(),
      ),
    );
    void server.listen().then(() => process.send!({ serving: true }));
  } else if (message.cmd === 'chat') {
    // Rooms: send `count` messages to `room` as fast as the pool takes them.
    const { room, count } = message as unknown as {
      room: string;
      count: number;
    };
    const rooms = new SharedRooms(bus, pool);
    rooms.connect(room, { name: `pid-${process.pid}` });
    void (async () => {
      for (let i = 0; i < count; i++) {
        void rooms.send(room, i);
        if (i % 256 === 255)
          await new Promise(resolve => setImmediate(resolve));
      }
      process.send!({ sent: count });
    })();
  } else if (message.cmd === 'exit') {
    void bus
      .close()
      .then(() => pool.close())
      .then(() => process.exit(0));
  }
});

void bus.ready.then(() => process.send!({ ready: true }));
