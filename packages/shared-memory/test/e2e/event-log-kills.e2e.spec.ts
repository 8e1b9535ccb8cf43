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
/** After publishing its record, before pointing the key index to it (event-log.ts). */
const COMMITTED = 4;

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
  async function writers(point: number, command = 'publish') {
    process.env.MVENT_TEST_LOG_STOP_AT = `${point}:3`;
    const stopped = await startWorker(pool.name, dir.path).finally(
      () => delete process.env.MVENT_TEST_LOG_STOP_AT,
    );
    const other = await startWorker(pool.name, dir.path);
    workers.push(stopped, other);
    void stopped.request(command, { event: 'a', count: 5 }).catch(() => {});
    await waitFor(() => stateOf(stopped.pid) === 'T', {
      description: 'the writer stopped mid-record',
    });
    const at = Date.now();
    await other.request('emit', { event: 'b', count: 100 });
    return { stopped, other, at, emitted: Date.now() - at };
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

  /** The value of `a` as another process reads it, from the log or the store. */
  const valueOfA = async (worker: Worker) =>
    (await worker.request<{ i: number } | null>('get', { key: 'a' }))?.i;

  for (const [point, where] of POINTS) {
    it(`keeps the previous value of a key whose emitter was killed ${where}, and holds up no other emitter`, async () => {
      const { stopped, other, emitted } = await writers(point, 'emit');
      // No lock is held by the stopped emit: the other's 100 emits did not wait for it.
      expect(emitted).toBeLessThan(UNBLOCK_AFTER_MS);
      expect(await valueOfA(other)).toBe(1);
      await stopped.kill('SIGKILL');
      await waitFor(() => received.b.length === 100);
      expect(received).toEqual({ a: [0, 1], b: all(100) });
      expect(pool.get('a')).toEqual({ i: 1, from: stopped.pid });
      expect(pool.versionOf('a')).toBe(2);
      expect(pool.verify().problems).toEqual([]);
    });
  }

  it('gives the value of an emit whose writer was killed after committing it, before pointing the index to it', async () => {
    const { stopped, other } = await writers(COMMITTED, 'emit');
    await stopped.kill('SIGKILL');
    await waitFor(() => received.b.length === 100);
    expect(received).toEqual({ a: [0, 1, 2], b: all(100) });
    // This process's bus read the record and pointed the index to it: every process finds it.
    expect(pool.get('a')).toEqual({ i: 2, from: stopped.pid });
    expect(await valueOfA(other)).toBe(2);
    expect(pool.versionOf('a')).toBe(3);
    expect(pool.verify().problems).toEqual([]);
  });

  it('lets a set wait for a stopped emitter no longer than the unblock timeout, then orders it after the emits before it', async () => {
    const { stopped } = await writers(2, 'emit');
    const started = Date.now();
    pool.set('b', 'set after the emits');
    const waited = Date.now() - started;
    expect(waited).toBeLessThan(UNBLOCK_AFTER_MS + 500);
    expect(pool.get('b')).toBe('set after the emits');
    process.kill(stopped.pid, 'SIGCONT');
    await waitFor(() => received.a.length === 5 && received.b.length === 100);
    expect(received).toEqual({ a: all(5), b: all(100) });
    expect(pool.get('a')).toEqual({ i: 4, from: stopped.pid });
    expect(pool.get('b')).toBe('set after the emits');
    expect(pool.verify().problems).toEqual([]);
  });
});
