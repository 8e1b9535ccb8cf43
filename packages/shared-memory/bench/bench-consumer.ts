/**
 * The consumer process of the benchmark: attaches to the pool, records the latency of every
 * event (now − the emit time carried in the value), and answers its parent's commands.
 */
import { createConnection } from 'node:net';
import { MemoryEventBus, SharedMemoryPool } from '../src';

const [name, dir] = process.argv.slice(2);
const pool = new SharedMemoryPool({
  name,
  dir,
  retention: { count: 1_000_000 },
});
const bus = new MemoryEventBus(pool);
let latencies: number[] = [];
let lastSeenAt = 0;

bus.on('bench.*', (value: { t: number }) => {
  lastSeenAt = performance.timeOrigin + performance.now();
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
      const now = performance.timeOrigin + performance.now();
      for (let i = 0; i + 8 <= chunk.length; i += 8) {
        latencies.push(now - chunk.readDoubleLE(i));
      }
    });
  } else if (message.cmd === 'exit') {
    void bus
      .close()
      .then(() => pool.close())
      .then(() => process.exit(0));
  }
});

void bus.ready.then(() => process.send!({ ready: true }));
