import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { SharedMemoryPool } from '@mvent/shared-memory';
import { createTempDir, waitFor } from '@mvent/testing';
import type { TempDir } from '@mvent/testing';
import type { TortureCounter } from './fixtures/torture-worker';
import type { RunResult } from './torture.util';
import {
  LOGGED_ROLES,
  fillFileSystem,
  mountSmallTmpfs,
  complete,
  inspectPool,
  keyIndexes,
  logByWriter,
  pause,
  seededRandom,
  sequenceReport,
  startTortureWorkers,
} from './torture.util';
import type { Worker } from './worker.util';

/**
 * The shared-memory engine's central promise, under attack: every write of every process
 * reaches every subscriber and survives, with many processes writing at once, writers killed
 * in the middle, and pools that fill up. Counts are exact; `verify()` must find nothing.
 * `TORTURE_ROUNDS` sets the rounds of the mixed test (default 3), `TORTURE_SEED` replays a
 * run's random choices, `TORTURE_REPORT=1` prints each round's counts.
 */
const ROUNDS = Number(process.env.TORTURE_ROUNDS ?? 3);
const SEED = Number(process.env.TORTURE_SEED ?? Date.now() % 1e9);
const WRITES = 2000;
const KILLS = 20;
/** Writes of each writer of the kill test at most. */
const KILLED_WRITER_LIMIT = 10_000;
/** The writers of one mixed round: 15 processes, every kind of write. */
const MIXED_ROLES = [
  ...['emit', 'emit', 'emit', 'publish', 'publish', 'room', 'room'],
  ...['stream', 'stream', 'set', 'set', 'update', 'update', 'race-set'],
];
const report = (line: string) => {
  if (process.env.TORTURE_REPORT === '1') process.stdout.write(`${line}\n`);
};

describe(`shared-memory pool under concurrent writers (seed ${SEED})`, () => {
  let dir: TempDir;
  let workers: Worker[] = [];
  /** Every process started, killed at the end even when a test failed half-way. */
  const started: Worker[] = [];
  const spawn = async (n: number) => {
    const spawned = await startTortureWorkers(n, dir.path);
    started.push(...spawned);
    return spawned;
  };
  const random = seededRandom(SEED);

  beforeAll(async () => {
    dir = await createTempDir('mvent-torture-');
    workers = await spawn(MIXED_ROLES.length + 3);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(started.map(worker => worker.kill()));
    await dir.remove();
  });

  const attach = (worker: Worker, name: string, maxPoolBytes?: number) =>
    worker.request('attach', { name, dir: dir.path, maxPoolBytes });
  const detachAll = () =>
    Promise.all(workers.map(worker => worker.request('detach')));

  /** Waits until `subscriber` has `total` events, and says how many it had if it never does. */
  async function waitForCount(subscriber: Worker, total: number) {
    let count = 0;
    await waitFor(
      async () => (count = await subscriber.request<number>('count')) === total,
      { timeout: 30_000, description: `${total} events at the subscriber` },
    ).catch((error: Error) => {
      throw new Error(`${error.message} (it had ${count})`, { cause: error });
    });
  }

  /** One round on a fresh pool: 15 writers started a few ms apart, one subscriber. */
  async function mixedRound(name: string) {
    const started = Date.now();
    const [subscriber, deleter, visitor, ...writers] = workers;
    await attach(subscriber, name);
    await subscriber.request('subscribe');
    // A process that keeps opening and closing the pool while the others write.
    await visitor.request('aim', { name, dir: dir.path });
    await visitor.request('start', { role: 'reopen', w: 98 });
    await attach(deleter, name);
    let stopped: Promise<RunResult> | undefined;
    await deleter.request('start', {
      role: 'race-delete',
      w: 99,
      span: WRITES,
    });
    // Staggered, so that processes open the pool while others write.
    const results = await Promise.all(
      MIXED_ROLES.map(async (role, w) => {
        await pause(random() * 30);
        await attach(writers[w], name);
        const result = await writers[w].request<RunResult>('run', {
          role,
          w,
          count: WRITES,
        });
        if (role === 'race-set') {
          stopped = deleter.request<RunResult>('stop');
        }
        return result;
      }),
    );
    const { deleted } = await stopped!;
    const visits = await visitor.request<RunResult>('stop');
    const logged = MIXED_ROLES.map((role, w) => ({ role, w })).filter(
      ({ role }) => LOGGED_ROLES.has(role),
    );
    const total = logged.length * WRITES;
    await waitForCount(subscriber, total);
    const { received, gaps } = await subscriber.request<{
      received: Record<number, number[]>;
      gaps: number;
    }>('received');
    const pool = await inspectPool(name, dir.path, p => ({
      retained: p.getStats().logRecords,
      log: logByWriter(p),
      counter: p.get<TortureCounter>('counter'),
      sets: [9, 10].map(w => keyIndexes(p, 'set', w)),
      lastEmits: [0, 1, 2].map(w => p.get(`t.emit.${w}`)),
      raceLeft: p.keys('race.*').length,
      verification: p.verify(),
    }));
    await detachAll();
    return {
      ...{ started, results, deleted, visits, logged, total, received, gaps },
      pool,
    };
  }

  it(
    `should lose nothing with 15 writer processes of every kind and a subscriber, ${ROUNDS} rounds on fresh pools`,
    async () => {
      for (let round = 1; round <= ROUNDS; round++) {
        const r = await mixedRound(`mixed-${round}`);
        expect(r.results.map(result => result.error)).toEqual(
          MIXED_ROLES.map(() => undefined),
        );
        expect(r.visits.error).toBeUndefined();
        expect(r.visits.done).toBeGreaterThan(0);
        expect(r.gaps).toBe(0);
        for (const { w } of r.logged) {
          expect({ w, ...sequenceReport(r.received[w], WRITES) }).toEqual({
            w,
            ...complete(WRITES),
          });
          expect({ w, ...sequenceReport(r.pool.log[w], WRITES) }).toEqual({
            w,
            ...complete(WRITES),
          });
        }
        expect(r.pool.retained).toBe(r.total);
        expect(r.pool.counter).toEqual({
          total: 2 * WRITES,
          by: { 11: WRITES, 12: WRITES },
        });
        r.pool.sets.forEach(indexes =>
          expect(sequenceReport(indexes, WRITES)).toEqual(complete(WRITES)),
        );
        expect(r.pool.lastEmits).toEqual(
          [0, 1, 2].map(w => ({ w, i: WRITES - 1 })),
        );
        expect(r.pool.raceLeft + r.deleted).toBe(WRITES);
        expect(r.pool.verification.problems).toEqual([]);
        expect(r.pool.verification.ok).toBe(true);
        report(
          `round ${round}: ${Object.values(r.received).flat().length} of ${r.total} events delivered in order, ` +
            `${r.pool.retained} records in the log, counter ${r.pool.counter?.total} of ${2 * WRITES}, ` +
            `${r.pool.sets.flat().length} of ${2 * WRITES} keys, race ${r.pool.raceLeft} left + ${r.deleted} deleted = ${WRITES}, ` +
            `verify ok (${r.pool.verification.entries} entries, ${r.pool.verification.logRecords} log records), ` +
            `${r.visits.done} opens and closes meanwhile, ${Date.now() - r.started} ms`,
        );
      }
    },
    60_000 * Math.max(1, ROUNDS / 2),
  );

  it('should keep every committed write of a writer SIGKILLed mid-stream, 20 times, and lose nothing of the others', async () => {
    const name = 'kills';
    const roles = ['emit', 'publish', 'set', 'update'];
    const [subscriber, ...first] = workers.splice(0, roles.length + 1);
    workers.push(subscriber);
    await attach(subscriber, name);
    await subscriber.request('subscribe');
    // One writer per role at a time; `w` numbers every writer that ever ran.
    const current = new Map<string, { worker: Worker; w: number }>();
    const survivors: (RunResult & { w: number; role: string })[] = [];
    let nextW = 0;
    const launch = async (worker: Worker, role: string, attached = false) => {
      const w = nextW++;
      if (!attached) await attach(worker, name);
      // Flat out, so that a kill lands in the middle of a write, and bounded, so that the
      // log stays within its retention over the whole test.
      await worker.request('start', { role, w, count: KILLED_WRITER_LIMIT });
      current.set(role, { worker, w });
    };
    const retire = async (role: string) => {
      const { worker, w } = current.get(role)!;
      survivors.push({ w, role, ...(await worker.request<RunResult>('stop')) });
      return worker;
    };
    await Promise.all(first.map((worker, n) => launch(worker, roles[n])));
    const killed: { w: number; role: string; acked: number }[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      const role = roles[kill % roles.length];
      let { worker, w } = current.get(role)!;
      if (
        (await worker.request<number>('progress')) >
        KILLED_WRITER_LIMIT / 2
      ) {
        // Near its limit: it stops (a survivor) and the process writes afresh under a new `w`.
        await launch(await retire(role), role, true);
        ({ worker, w } = current.get(role)!);
      }
      // Killed in the middle of its stream: under way, then a random moment later (asked
      // just before the kill, it would be killed while it answers, between two writes).
      let acked = 0;
      await waitFor(
        async () => (acked = await worker.request<number>('progress')) >= 100,
        { timeout: 20_000, description: `writer ${w} under way` },
      );
      await pause(random() * 100);
      await worker.kill('SIGKILL');
      killed.push({ w, role, acked });
      const [replacement] = await spawn(1);
      await launch(replacement, role);
    }
    workers.push(...(await Promise.all(roles.map(retire))));

    const found = await inspectPool(name, dir.path, pool => ({
      wrapped: pool.events.tail() > 3 * pool.events.log.termBytes,
      log: logByWriter(pool),
      counter: pool.get<TortureCounter>('counter')!,
      sets: Object.fromEntries(
        [...killed, ...survivors]
          .filter(({ role }) => role === 'set')
          .map(({ w }) => [w, keyIndexes(pool, 'set', w)]),
      ),
      verification: pool.verify(),
    }));
    expect(found.wrapped).toBe(false); // nothing recycled: every record ever written is there
    const committed = (w: number, role: string) =>
      LOGGED_ROLES.has(role)
        ? (found.log[w]?.length ?? 0)
        : role === 'set'
          ? found.sets[w].length
          : (found.counter.by[w] ?? 0);
    for (const { w, role, acked } of killed) {
      const count = committed(w, role);
      expect({ w, role, count, acked, atLeastAcked: count >= acked }).toEqual({
        w,
        role,
        count,
        acked,
        atLeastAcked: true,
      });
      const sequence = LOGGED_ROLES.has(role) ? found.log[w] : found.sets[w];
      if (role !== 'update') {
        expect({ w, ...sequenceReport(sequence, count) }).toEqual({
          w,
          ...complete(count),
        });
      }
    }
    for (const { w, role, done, error } of survivors) {
      expect({ w, error, committed: committed(w, role) }).toEqual({
        w,
        error: undefined,
        committed: done,
      });
    }
    expect(found.counter.total).toBe(
      Object.values(found.counter.by).reduce((sum, n) => sum + n, 0),
    );
    const logged = Object.values(found.log).flat().length;
    await waitForCount(subscriber, logged);
    const { received, gaps } = await subscriber.request<{
      received: Record<number, number[]>;
      gaps: number;
    }>('received');
    expect(gaps).toBe(0);
    expect(received).toEqual(found.log);
    expect(found.verification.problems).toEqual([]);
    report(
      `kills: ${killed.length} writers SIGKILLed, ${killed.filter(k => committed(k.w, k.role) > k.acked).length} after writes not yet acknowledged (${killed.map(k => `${k.role} ${k.w} at ${committed(k.w, k.role)}≥${k.acked}`).join(', ')}); ` +
        `survivors complete (${survivors.map(s => `${s.role} ${s.done}`).join(', ')}); ${logged} log records delivered; counter ${found.counter.total}; verify ok`,
    );
    await detachAll();
  }, 120_000);

  it('should refuse writes with PoolFullError when several processes fill a pool at once, keeping every entry written', async () => {
    const name = 'full';
    const fillers = workers.slice(0, 4);
    const limit = 2 * 1024 * 1024;
    const results = await Promise.all(
      fillers.map(async (worker, w) => {
        await attach(worker, name, limit);
        return worker.request<RunResult>('run', { role: 'fill', w, count: 0 });
      }),
    );
    expect(results.map(r => [r.error, r.reason])).toEqual(
      fillers.map(() => ['PoolFullError', 'limit']),
    );
    await inspectPool(
      name,
      dir.path,
      pool => {
        results.forEach(({ done }, w) =>
          expect(sequenceReport(keyIndexes(pool, 'fill', w), done)).toEqual(
            complete(done),
          ),
        );
        expect(pool.getStats().bytes).toBeLessThanOrEqual(limit);
        expect(pool.verify().problems).toEqual([]);
        // Room made by a delete can be used again.
        expect(pool.delete('fill.0.0')).toBe(true);
        pool.set('after', 'room again');
        expect(pool.get('after')).toBe('room again');
        expect(pool.verify().problems).toEqual([]);
      },
      limit,
    );
    await detachAll();
  }, 60_000);

  it('should hold the limit the pool was created with when processes ask for different ones', async () => {
    const name = 'disagree';
    const [small, large] = workers.slice(0, 2);
    const limit = 1024 * 1024;
    // The first to open creates the pool; the second asks for 8× the size (and map size).
    await attach(small, name, limit);
    await attach(large, name, 8 * limit);
    const results = await Promise.all(
      [small, large].map((worker, w) =>
        worker.request<RunResult>('run', { role: 'fill', w, count: 0 }),
      ),
    );
    expect(results.map(r => [r.error, r.reason])).toEqual([
      ['PoolFullError', 'limit'],
      ['PoolFullError', 'limit'],
    ]);
    await inspectPool(name, dir.path, pool => {
      expect(pool.maxPoolBytes).toBe(limit);
      expect(pool.getStats().bytes).toBeLessThanOrEqual(limit);
      results.forEach(({ done }, w) =>
        expect(sequenceReport(keyIndexes(pool, 'fill', w), done)).toEqual(
          complete(done),
        ),
      );
      expect(pool.verify().problems).toEqual([]);
    });
    await detachAll();
  });

  const mounted = mountSmallTmpfs();
  (mounted.path ? it : it.skip)(
    `should refuse writes with PoolFullError, not SIGBUS, when the tmpfs under a pool fills up${mounted.skipped}`,
    async () => {
      try {
        // `set` writes to LMDB at once; `emit` through the log, whose folds meet the full disk.
        for (const role of ['fill', 'fill-emit']) {
          const name = `disk-${role}`;
          const fillers = workers.slice(0, 2);
          const results = await Promise.all(
            fillers.map(async (worker, w) => {
              // A small event log: the tmpfs is small.
              await worker.request('attach', {
                name,
                dir: mounted.path,
                logBytes: 4 * 64 * 1024,
              });
              return worker.request<RunResult>('run', { role, w, count: 0 });
            }),
          );
          expect(results.map(r => [r.error, r.reason])).toEqual(
            fillers.map(() => ['PoolFullError', 'disk']),
          );
          await inspectPool(name, mounted.path!, pool => {
            results.forEach(({ done }, w) => {
              const missing = Array.from({ length: done }, (_, i) => i).filter(
                i => pool.get(`${role}.${w}.${i}`) === undefined,
              );
              expect({ role, w, done, missing }).toEqual({
                role,
                w,
                done,
                missing: [],
              });
            });
            expect(pool.verify().problems).toEqual([]);
          });
          await detachAll();
          // Room for the next round.
          rmSync(join(mounted.path!, name), { recursive: true, force: true });
        }
        // A pool created on the full file system: an error, not SIGBUS (LMDB maps its lock file).
        fillFileSystem(mounted.path!);
        expect(
          () => new SharedMemoryPool({ name: 'late', dir: mounted.path }),
        ).toThrow(
          expect.objectContaining({ name: 'PoolFullError', reason: 'disk' }),
        );
      } finally {
        mounted.unmount();
      }
    },
    60_000,
  );
});
