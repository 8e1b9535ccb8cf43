/**
 * `npm run bench:compare`: mvent against the tools a Node user would pick instead, in one
 * run, on the same machine and payloads, with the same measurement code for every contender.
 * Events: mvent's bus, Redis pub/sub, Redis Streams (XADD + blocking XREAD), child-process IPC
 * and a bare Unix socket, warm; and mvent's `emit` (what `@OnEvent` users call) and `publish`
 * against Redis pub/sub, IPC and the socket from cold processes, with no warm-up. RPC: mvent's
 * memory RPC, HTTP keep-alive on loopback and child-process IPC.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@mvent/core';
import type { BenchContext } from './event-contenders';
import { EVENT_CONTENDERS } from './event-contenders';
import { collect, forkChild, reply } from './children';
import { latencySummary, now, sendFlatOut, sendPaced, sleep } from './measure';
import { startRedis } from './redis-server';
import { RPC_CONTENDERS } from './rpc-contenders';
import type { Figure } from './table';
import { printTable } from './table';

const ROOT = join(__dirname, '../..');
const WARM_UP = 4000; // events at 1k/s before anything is measured
const PACED = 5000; // events at 1k/s
const FLAT_OUT = 50_000; // events sent as fast as possible
const COLD_PACED = 2000; // events at 1k/s from fresh processes, with no warm-up
const RPC_CALLS = 3000; // sequential requests, and per caller with 4 callers
/** Requests before anything is measured: V8 compiles the hot code in its first seconds. */
const RPC_WARM_UP_MS = 3000;
/** `BENCH_RPC=mvent,app` measures only those RPC contenders (to repeat one comparison). */
const RPC_KEYS = process.env.BENCH_RPC?.split(',') ?? [
  'mvent',
  'app',
  'guarded',
  'http',
  'ipc',
];

/** How one events measurement runs: after a warm-up, with a flat-out phase, or cold. */
interface EventsPlan {
  group: string;
  warmUp: number;
  paced: number;
  flatOut: number;
}

/** Warm: what a long-running app sees once V8 has compiled its hot paths. */
const WARM: EventsPlan = {
  group: 'events',
  warmUp: WARM_UP,
  paced: PACED,
  flatOut: FLAT_OUT,
};
/** Cold: what a process sees in its first seconds, from a fresh subscriber and publisher. */
const COLD: EventsPlan = {
  group: 'events, cold (no warm-up)',
  warmUp: 0,
  paced: COLD_PACED,
  flatOut: 0,
};

async function measureEvents(
  key: string,
  context: BenchContext,
  plan: EventsPlan,
): Promise<Figure[]> {
  const contender = EVENT_CONTENDERS[key];
  // The subscriber first: the bare socket's publisher connects to it.
  const subscriber = forkChild('event-consumer.ts', [
    key,
    JSON.stringify(context),
  ]);
  await reply(subscriber);
  const publisher = await contender.publisher(context, subscriber);
  await sleep(200); // the subscriber's connections settle
  if (plan.warmUp > 0) {
    await sendPaced(sample => publisher.send(sample), plan.warmUp, 1000);
    await collect(subscriber, plan.warmUp);
  }

  await sendPaced(sample => publisher.send(sample), plan.paced, 1000);
  const paced = await collect(subscriber, plan.paced);
  const { p50, p99 } = latencySummary(paced.latencies);
  const figure = (
    measure: string,
    value: number,
    unit: string,
    lowerIsBetter = true,
  ): Figure => ({
    group: plan.group,
    measure,
    contender: contender.name,
    value,
    unit,
    lowerIsBetter,
  });
  const figures = [
    figure('p50 at 1k/s', p50, 'ms'),
    figure('p99 at 1k/s', p99, 'ms'),
    figure('lost at 1k/s', plan.paced - paced.latencies.length, 'events'),
  ];
  let flatOut = '';
  if (plan.flatOut > 0) {
    const started = now();
    await sendFlatOut(sample => publisher.send(sample), plan.flatOut);
    const flat = await collect(subscriber, plan.flatOut);
    const rate = flat.latencies.length / ((flat.lastSeenAt - started) / 1000);
    const lost = plan.flatOut - flat.latencies.length;
    figures.push(
      figure('flat-out rate, end to end', rate, 'events/s', false),
      figure(
        `lost flat out (of ${plan.flatOut.toLocaleString()})`,
        lost,
        'events',
      ),
    );
    flatOut = `, flat out ${Math.round(rate)}/s, lost ${lost}`;
  }

  // Redis stops after the last contender: the subscriber must be gone by then, or its client
  // retries the connection and fills the output with errors.
  const exited = new Promise(resolve => subscriber.once('exit', resolve));
  subscriber.send('exit');
  await Promise.all([exited, publisher.close()]);
  process.stderr.write(
    `  measured: ${contender.name} (${plan.group}): p50 ${p50.toFixed(3)} ms, p99 ${p99.toFixed(3)} ms, lost ${plan.paced - paced.latencies.length}${flatOut}\n`,
  );
  return figures;
}

async function measureRpc(key: string, poolDir: string): Promise<Figure[]> {
  const contender = RPC_CONTENDERS[key];
  const server = forkChild('rpc-server.ts', [key, poolDir]);
  const { served } = await reply<{ served: unknown }>(server);
  const client = await contender.client(poolDir, server, served);
  const body = { i: 0, body: 'x'.repeat(80) };
  const calls = async (count: number, times: number[]) => {
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      const echoed = (await client.call({ ...body, i })) as { i: number };
      if (echoed.i !== i) throw new Error(`${contender.name}: wrong echo`);
      times.push(performance.now() - started);
    }
  };
  const warmUntil = performance.now() + RPC_WARM_UP_MS;
  while (performance.now() < warmUntil) await calls(500, []);
  const sequential: number[] = [];
  let started = performance.now();
  await calls(RPC_CALLS, sequential);
  const sequentialRate = RPC_CALLS / ((performance.now() - started) / 1000);
  const concurrent: number[] = [];
  started = performance.now();
  await Promise.all([0, 1, 2, 3].map(() => calls(RPC_CALLS, concurrent)));
  const concurrentRate =
    (4 * RPC_CALLS) / ((performance.now() - started) / 1000);

  await client.close();
  server.send('exit');
  const name = contender.name;
  const one = latencySummary(sequential);
  const four = latencySummary(concurrent);
  process.stderr.write(
    `  measured: ${name}: p50 ${one.p50.toFixed(3)} ms (4 callers ${four.p50.toFixed(3)} ms), ${Math.round(sequentialRate)} and ${Math.round(concurrentRate)} req/s\n`,
  );
  return [
    {
      group: 'RPC',
      measure: 'round trip p50, 1 caller',
      contender: name,
      value: one.p50,
      unit: 'ms',
      lowerIsBetter: true,
    },
    {
      group: 'RPC',
      measure: 'round trip p99, 1 caller',
      contender: name,
      value: one.p99,
      unit: 'ms',
      lowerIsBetter: true,
    },
    {
      group: 'RPC',
      measure: 'requests/s, 1 caller',
      contender: name,
      value: sequentialRate,
      unit: 'req/s',
      lowerIsBetter: false,
    },
    {
      group: 'RPC',
      measure: 'round trip p50, 4 callers',
      contender: name,
      value: four.p50,
      unit: 'ms',
      lowerIsBetter: true,
    },
    {
      group: 'RPC',
      measure: 'round trip p99, 4 callers',
      contender: name,
      value: four.p99,
      unit: 'ms',
      lowerIsBetter: true,
    },
    {
      group: 'RPC',
      measure: 'requests/s, 4 callers',
      contender: name,
      value: concurrentRate,
      unit: 'req/s',
      lowerIsBetter: false,
    },
  ];
}

interface HalfResult {
  figures: Figure[];
  redisVersion: string;
}

/**
 * With `BENCH_BUSY=1`, a process that keeps one core busy runs through the measurement, as
 * other work on the machine would: it shows how each contender copes with crowded cores.
 */
function startBusyNeighbour(): () => void {
  if (process.env.BENCH_BUSY !== '1') return () => undefined;
  const busy = spawn(process.execPath, ['-e', 'for (;;) {}'], {
    stdio: 'ignore',
  });
  return () => busy.kill();
}

/** Measures one half (or both) in this process. */
async function measure(only: string | undefined): Promise<HalfResult> {
  const stopBusyNeighbour = startBusyNeighbour();
  const redis = await startRedis();
  const poolDir = mkdtempSync(
    join(process.platform === 'linux' ? '/dev/shm' : ROOT, 'mvent-compare-'),
  );
  const context: BenchContext = { poolDir, redisPort: redis.port };
  const figures: Figure[] = [];
  try {
    if (only !== 'rpc') {
      // Cold first, while this process has not run either contender's code yet.
      for (const key of ['emit', 'mvent', 'pubsub', 'ipc', 'socket'])
        figures.push(...(await measureEvents(key, context, COLD)));
      for (const key of ['mvent', 'pubsub', 'streams', 'ipc', 'socket'])
        figures.push(...(await measureEvents(key, context, WARM)));
    }
    if (only !== 'events')
      for (const key of RPC_KEYS)
        figures.push(...(await measureRpc(key, poolDir)));
  } finally {
    stopBusyNeighbour();
    await redis.stop();
    rmSync(poolDir, { recursive: true, force: true });
  }
  return { figures, redisVersion: redis.version };
}

/**
 * Measures one half in a fresh process, so that neither half runs in a heap and JIT state
 * the other left (mvent's RPC measured after 160,000 events ran 1.6–1.9× slower).
 */
function measureInChild(half: 'events' | 'rpc'): Promise<HalfResult> {
  const child = forkChild('compare.ts', [half, '--child']);
  return new Promise((resolve, reject) => {
    child.once('message', result => resolve(result as HalfResult));
    child.once('exit', code =>
      reject(new Error(`The ${half} half exited with code ${code}`)),
    );
  });
}

async function main(): Promise<void> {
  // `npm run bench:compare -- events` (or `rpc`) runs one half.
  const only = process.argv[2];
  if (only !== undefined && only !== 'events' && only !== 'rpc') {
    throw new Error(`Unknown part "${only}": give "events", "rpc" or nothing`);
  }
  Logger.overrideLogger(['error']);
  if (process.argv[3] === '--child') {
    const result = await measure(only);
    process.send!(result, () => process.exit(0));
    return;
  }
  const halves =
    only === undefined
      ? [await measureInChild('events'), await measureInChild('rpc')]
      : [await measure(only)];
  const busy =
    process.env.BENCH_BUSY === '1'
      ? ', beside a process keeping one core busy'
      : '';
  console.log(
    `\nmvent against the alternatives — ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}, Redis ${halves[0].redisVersion}${busy}, ${new Date().toISOString()}\n`,
  );
  printTable(
    halves.flatMap(half => half.figures),
    ['mvent bus', 'mvent emit', 'mvent memory RPC'],
  );
  process.exit(0);
}

void main();
