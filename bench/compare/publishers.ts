/**
 * `npm run bench:publishers`: 1 and 4 publishing processes against one subscribing process,
 * for mvent's `publish` and `emit`, Redis pub/sub and a bare Unix socket, in one run with the
 * same code for each: paced (1k/s in all, split between the publishers) for latency, then
 * flat out for the rate end to end, counting every sample and each writer's order.
 * `BENCH_ROUNDS` (default 3) repeats the whole set, contenders interleaved, for a spread.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { Logger } from '@mvent/core';
import { collect, forkChild, reply } from './children';
import type { BenchContext } from './event-contenders';
import { EVENT_CONTENDERS } from './event-contenders';
import { latencySummary, now, sleep } from './measure';
import { startRedis } from './redis-server';

const PACED = 4000; // samples at 1k/s in all
const FLAT_OUT = 200_000; // samples in all, as fast as the publishers can
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Child-process IPC is left out: its publishers would have to be the subscriber's parent. */
const CONTENDERS = ['mvent', 'emit', 'pubsub', 'socket'];

interface Row {
  contender: string;
  publishers: number;
  p50: number;
  p99: number;
  rate: number;
  lost: number;
  outOfOrder: number;
}

async function measure(
  key: string,
  publishers: number,
  context: BenchContext,
): Promise<Row> {
  const subscriber = forkChild('event-consumer.ts', [
    key,
    JSON.stringify(context),
  ]);
  await reply(subscriber);
  const writers = Array.from({ length: publishers }, (_, w) =>
    forkChild('event-publisher.ts', [key, JSON.stringify(context), String(w)]),
  );
  await Promise.all(writers.map(writer => reply(writer)));
  await sleep(300); // connections settle
  await collect(subscriber, publishers); // the warming samples
  const all = (command: object) =>
    Promise.all(writers.map(writer => reply(writer, command)));
  await all({ paced: PACED / publishers, rate: 1000 / publishers });
  const paced = await collect(subscriber, PACED);
  const started = now();
  await all({ flatOut: FLAT_OUT / publishers });
  const flat = await collect(subscriber, FLAT_OUT);
  for (const writer of [subscriber, ...writers]) writer.send('exit');
  const { p50, p99 } = latencySummary(paced.latencies);
  const row: Row = {
    contender: EVENT_CONTENDERS[key].name,
    publishers,
    p50,
    p99,
    rate: flat.latencies.length / ((flat.lastSeenAt - started) / 1000),
    lost: PACED + FLAT_OUT - paced.latencies.length - flat.latencies.length,
    outOfOrder: flat.outOfOrder,
  };
  process.stderr.write(`  measured: ${JSON.stringify(row)}\n`);
  await sleep(300); // the children exit
  return row;
}

async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  const redis = await startRedis();
  const rows: Row[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const publishers of [1, 4]) {
        for (const key of CONTENDERS) {
          // A fresh pool each time: a log another run filled is not what a user starts with.
          const poolDir = mkdtempSync('/dev/shm/mvent-publishers-');
          try {
            rows.push(
              await measure(key, publishers, {
                poolDir,
                redisPort: redis.port,
              }),
            );
          } finally {
            rmSync(poolDir, { recursive: true, force: true });
          }
        }
      }
    }
  } finally {
    await redis.stop();
  }
  console.log(
    `\n${ROUNDS} rounds, ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}, Redis ${redis.version}, ${new Date().toISOString()}\n`,
  );
  console.log(
    'contender | publishers | p50 at 1k/s (ms) | p99 (ms) | flat out end to end (/s) | lost | out of order',
  );
  const range = (values: number[], digits: number) =>
    `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;
  for (const publishers of [1, 4]) {
    for (const key of CONTENDERS) {
      const mine = rows.filter(
        row =>
          row.publishers === publishers &&
          row.contender === EVENT_CONTENDERS[key].name,
      );
      console.log(
        [
          EVENT_CONTENDERS[key].name,
          publishers,
          range(
            mine.map(row => row.p50),
            3,
          ),
          range(
            mine.map(row => row.p99),
            3,
          ),
          range(
            mine.map(row => Math.round(row.rate)),
            0,
          ),
          mine.reduce((sum, row) => sum + row.lost, 0),
          mine.reduce((sum, row) => sum + row.outOfOrder, 0),
        ].join(' | '),
      );
    }
  }
}

void main().catch(error => {
  console.error(error);
  process.exit(1);
});
