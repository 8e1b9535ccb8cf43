/**
 * `npm run soak -w @mvent/shared-memory [-- MINUTES]`: the torture suite's mix of writers
 * (emit, publish, room, stream, set, update, a process that keeps opening and closing the
 * pool) for MINUTES (default 10), with a writer SIGKILLed and replaced every 30 s. Every 10 s
 * it prints what was written and delivered, each process's RSS and the files in /dev/shm;
 * at the end it stops the writers, checks that the subscriber got every event of every writer
 * in order (or was told of a gap) and that the counter lost no increment, and runs verify().
 * Not part of `npm test`. Exits 1 when anything disagrees.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Logger } from '@mvent/core';
import { createTempDir, waitFor } from '@mvent/testing';
import type { TortureCounter } from '../test/e2e/fixtures/torture-worker';
import type { RunResult } from '../test/e2e/torture.util';
import {
  LOGGED_ROLES,
  inspectPool,
  startTortureWorkers,
} from '../test/e2e/torture.util';
import type { Worker } from '../test/e2e/worker.util';

const MINUTES = Number(process.argv[2] ?? 10);
const ROLES = [
  'emit',
  'emit',
  'publish',
  'room',
  'stream',
  'set',
  'update',
  'update',
];
const POOL = 'soak';
/** Each writer writes a burst of 50, then waits this long: about 2,500 writes/s each. */
const PACE_MS = 20;
const REPORT_EVERY_MS = 10_000;
const KILL_EVERY_MS = 30_000;

interface Writer {
  worker: Worker;
  role: string;
  w: number;
}

const rssOf = (pid: number) =>
  Number(
    /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ??
      0,
  ) / 1024;

async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  const dir = await createTempDir('mvent-soak-');
  const attach = (worker: Worker) =>
    worker.request('attach', { name: POOL, dir: dir.path });
  const [subscriber, visitor] = await startTortureWorkers(2, dir.path);
  await attach(subscriber);
  await subscriber.request('subscribe', { compact: true });
  await visitor.request('aim', { name: POOL, dir: dir.path });
  await visitor.request('start', { role: 'reopen', w: 999, pace: 50 });
  let nextW = 0;
  const launch = async (worker: Worker, role: string): Promise<Writer> => {
    const w = nextW++;
    await attach(worker);
    await worker.request('start', { role, w, pace: PACE_MS });
    return { worker, role, w };
  };
  const workers = await startTortureWorkers(ROLES.length, dir.path);
  let writers = await Promise.all(
    workers.map((worker, n) => launch(worker, ROLES[n])),
  );
  const killed: Writer[] = [];
  const started = Date.now();
  let lastKill = started;

  while (Date.now() - started < MINUTES * 60_000) {
    await new Promise(resolve => setTimeout(resolve, REPORT_EVERY_MS));
    if (Date.now() - lastKill >= KILL_EVERY_MS) {
      lastKill = Date.now();
      const victim = writers[Math.floor(Math.random() * writers.length)];
      await victim.worker.kill('SIGKILL');
      killed.push(victim);
      const [replacement] = await startTortureWorkers(1, dir.path);
      writers = [
        ...writers.filter(w => w !== victim),
        await launch(replacement, victim.role),
      ];
    }
    const written = await Promise.all(
      writers.map(w => w.worker.request<number>('progress')),
    );
    const delivered = await subscriber.request<number>('count');
    const rss = [subscriber, visitor, ...writers.map(w => w.worker)].map(w =>
      rssOf(w.pid),
    );
    const shmFiles = readdirSync('/dev/shm').length;
    const seconds = Math.round((Date.now() - started) / 1000);
    process.stdout.write(
      `${seconds}s: written by the live writers ${written.reduce((a, b) => a + b, 0).toLocaleString()}, ` +
        `delivered ${delivered.toLocaleString()}, killed ${killed.length}, ` +
        `RSS ${Math.min(...rss).toFixed(0)}–${Math.max(...rss).toFixed(0)} MiB, files in /dev/shm ${shmFiles}\n`,
    );
  }

  const results = await Promise.all(
    writers.map(async w => ({
      ...w,
      ...(await w.worker.request<RunResult>('stop')),
    })),
  );
  await visitor.request('stop');
  // Every write has been acked: the subscriber is done when its count stops growing.
  let delivered = -1;
  await waitFor(
    async () => {
      const count = await subscriber.request<number>('count');
      const settled = count === delivered;
      delivered = count;
      return settled;
    },
    { timeout: 60_000, interval: 2000, description: 'the subscriber settles' },
  ).catch(() => undefined);
  const { tallies, gaps } = await subscriber.request<{
    tallies: Record<number, { count: number; wrong: number }>;
    gaps: number;
  }>('tallies');
  const report = await inspectPool(POOL, dir.path, pool => ({
    counter: pool.get<TortureCounter>('counter'),
    verification: pool.verify(),
    stats: pool.getStats(),
  }));
  const problems: string[] = [...report.verification.problems];
  for (const { w, role, done } of results.filter(r =>
    LOGGED_ROLES.has(r.role),
  )) {
    const tally = tallies[w] ?? { count: 0, wrong: 0 };
    if (gaps === 0 && (tally.count !== done || tally.wrong > 0)) {
      problems.push(
        `${role} writer ${w}: ${tally.count} of ${done} delivered, ${tally.wrong} out of order`,
      );
    }
  }
  for (const { w } of killed.filter(k => LOGGED_ROLES.has(k.role))) {
    if ((tallies[w]?.wrong ?? 0) > 0)
      problems.push(`killed writer ${w}: out of order`);
  }
  const counter = report.counter ?? { total: 0, by: {} };
  const byTotal = Object.values(counter.by).reduce((a, b) => a + b, 0);
  if (counter.total !== byTotal) {
    problems.push(
      `counter ${counter.total}, its writers' increments ${byTotal}`,
    );
  }
  process.stdout.write(
    `\nafter ${MINUTES} min: ${report.stats.lastSeq.toLocaleString()} bytes of event log written, ` +
      `${Object.values(tallies)
        .reduce((n, t) => n + t.count, 0)
        .toLocaleString()} delivered, ${gaps} reported as gaps (retention), ` +
      `counter ${counter.total.toLocaleString()}, ${killed.length} writers killed, ` +
      `verify ${report.verification.ok ? 'ok' : 'FAILED'} (${report.verification.entries.toLocaleString()} entries, ${report.verification.logRecords.toLocaleString()} log records)\n`,
  );
  for (const problem of problems) process.stdout.write(`PROBLEM: ${problem}\n`);
  await Promise.all(
    [subscriber, visitor, ...writers.map(w => w.worker)].map(w => w.kill()),
  );
  await dir.remove();
  process.exit(problems.length === 0 ? 0 : 1);
}

void main();
