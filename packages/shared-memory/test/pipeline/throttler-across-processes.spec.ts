import { Logger } from '@mvent/core';
import {
  MemoryEventBus,
  MemoryRpcClient,
  SharedMemoryPool,
} from '@mvent/shared-memory';
import type { TempDir } from '@mvent/testing';
import { createTempDir, waitFor } from '@mvent/testing';
import type { Worker } from '../e2e/worker.util';
import { startWorker } from '../e2e/worker.util';

describe('the throttler across processes', () => {
  let dir: TempDir;
  let workers: Worker[] = [];
  beforeAll(() => Logger.overrideLogger(false));
  afterEach(async () => {
    await Promise.all(workers.map(worker => worker.kill()));
    workers = [];
    await dir?.remove();
  });

  it('holds one limit for a sender served by two processes, its counters in the pool', async () => {
    dir = await createTempDir('mvent-throttle-');
    workers = await Promise.all(
      [0, 1].map(() =>
        startWorker(
          'throttled',
          dir.path,
          undefined,
          'throttled-app-worker.ts',
        ),
      ),
    );
    const pool = new SharedMemoryPool({ name: 'throttled', dir: dir.path });
    const bus = new MemoryEventBus(pool);
    await bus.ready;
    const mallory = new MemoryRpcClient(bus, { sender: 'mallory' });
    const trent = new MemoryRpcClient(bus, { sender: 'trent' });
    try {
      await waitFor(
        () =>
          mallory.getRoutes().find(r => r.path === '/hit')?.pids.length === 2,
      );
      const statuses: number[] = [];
      const servers = new Set<number>();
      for (let i = 0; i < 20; i++) {
        const response = await mallory.send('/hit');
        statuses.push(response.statusCode);
        servers.add(response.servedBy);
      }
      // Round robin spread the calls over both processes, which shared one counter: 5 in all.
      expect(servers).toEqual(new Set(workers.map(w => w.pid)));
      expect(statuses.filter(s => s === 200)).toHaveLength(5);
      expect(statuses.filter(s => s === 429)).toHaveLength(15);
      expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      // Another sender has a counter of its own.
      expect((await trent.send('/hit')).statusCode).toBe(200);
    } finally {
      mallory.close();
      trent.close();
      await bus.close();
      await pool.close();
    }
  }, 30_000);
});
