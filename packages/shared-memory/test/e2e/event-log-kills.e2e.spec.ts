import { readFileSync } from 'node:fs';
import { Logger } from '@mvent/core';
import type { TempDir } from '@mvent/testing';
import { createTempDir, waitFor } from '@mvent/testing';
import { MemoryEventBus, SharedMemoryPool } from '../../src';
import { UNBLOCK_AFTER_MS } from '../../src/constants';
import type { Worker } from './worker.util';
import { startWorker } from './worker.util';

/** Where a writer stops itself in its 3rd append (`MVENT_TEST_LOG_STOP_AT`, native/event-log.h). */
const POINTS = [
  [1, 'after claiming its room'],
  [2, 'after writing its header'],
  [3, 'after copying its record, before publishing it'],
] as const;

/** A process's state letter in /proc (`T`: stopped). */
const stateOf = (pid: number) =>
  readFileSync(`/proc/${pid}/stat`, 'latin1').split(') ')[1][0];

/**
 * Writers of the event log stopped (SIGSTOP) or killed (SIGKILL) at each point of a record:
 * a dead writer's record is skipped at once, a stopped one's after the unblock timeout (the
 * writer appends it again when it resumes), and every other record arrives, in order.
 */
describe('the event log with a writer stopped or killed in the middle of a record', () => {
  let dir: TempDir;
  let pool: SharedMemoryPool;
  let bus: MemoryEventBus;
  let round = 0;
  const workers: Worker[] = [];
  let received: Record<string, number[]>;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    dir = await createTempDir('mvent-log-kills-');
  });
  beforeEach(async () => {
    pool = new SharedMemoryPool({ name: `kills-${++round}`, dir: dir.path });
    bus = new MemoryEventBus(pool);
    await bus.ready;
    received = { a: [], b: [] };
    bus.on('*', ({ i }: { i: number }, { event }) => received[event].push(i));
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map(worker => worker.kill()));
    await bus.close();
    await pool.close();
  });
  afterAll(() => dir.remove());

  /**
   * Two writers: `stopped` stops itself at `point` of its 3rd append (of 5 messages `a`);
   * then `other` emits 100 events `b`, after the stopped record in the log.
   */
  async function writers(point: number) {
    process.env.MVENT_TEST_LOG_STOP_AT = `${point}:3`;
    const stopped = await startWorker(pool.name, dir.path).finally(
      () => delete process.env.MVENT_TEST_LOG_STOP_AT,
    );
    const other = await startWorker(pool.name, dir.path);
    workers.push(stopped, other);
    // publish: an emit appends holding the pool's lock, which would stop the other writer.
    void stopped.request('publish', { event: 'a', count: 5 }).catch(() => {});
    await waitFor(() => stateOf(stopped.pid) === 'T', {
      description: 'the writer stopped mid-record',
    });
    const at = Date.now();
    await other.request('emit', { event: 'b', count: 100 });
    return { stopped, at };
  }

  const all = (n: number) => Array.from({ length: n }, (_, i) => i);

  for (const [point, where] of POINTS) {
    it(`skips at once the record of a writer killed ${where}, and delivers every other in order`, async () => {
      const { stopped } = await writers(point);
      const killed = Date.now();
      await stopped.kill('SIGKILL');
      await waitFor(() => received.b.length === 100);
      // Not the unblock timeout: the writer's death is seen.
      expect(Date.now() - killed).toBeLessThan(UNBLOCK_AFTER_MS);
      expect(received).toEqual({ a: [0, 1], b: all(100) });
      const memory = bus.getMemoryStats();
      expect([memory.abandoned, memory.gaps]).toEqual([1, 0]);
      expect(pool.verify().problems).toEqual([]);
    });
  }

  for (const [point, where] of POINTS.slice(0, 2)) {
    it(`waits for a writer stopped ${where} up to the unblock timeout, and loses nothing when it resumes`, async () => {
      const { stopped, at } = await writers(point);
      await waitFor(() => received.b.length === 100, { timeout: 10_000 });
      expect(Date.now() - at).toBeGreaterThanOrEqual(UNBLOCK_AFTER_MS - 50);
      expect(received.a).toEqual([0, 1]);
      process.kill(stopped.pid, 'SIGCONT');
      // Its commit finds the record skipped: it appends it again, then the rest.
      await waitFor(() => received.a.length === 5);
      expect(received).toEqual({ a: all(5), b: all(100) });
      const memory = bus.getMemoryStats();
      expect([memory.abandoned, memory.gaps]).toEqual([0, 0]);
    });
  }
});
