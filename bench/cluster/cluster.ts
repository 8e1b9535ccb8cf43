/**
 * `npm run bench:cluster`: events and requests over mvent's cross-host transports beside what
 * @nestjs/microservices users have today, in one run on loopback, with the same code for
 * every contender. It starts its own servers: one nats-server, a 3-node JetStream cluster
 * (for replicas 3, the cost of durability) and one redis-server.
 */
import { natsTransport, redisTransport } from '@mvent/microservices';
import { sharedMemoryTransport } from '@mvent/shared-memory';
import { monotonicMs, percentile } from '@mvent/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@mvent/core';
import {
  NatsCluster,
  RedisServer,
} from '../../packages/microservices/test/support/servers';
import type { ClusterContender } from './contenders';
import {
  coreNatsContender,
  mventContender,
  redisPubSubContender,
} from './contenders';

const LATENCY_OPS = Number(process.env.BENCH_LATENCY_OPS ?? 2000);
const RATE_EVENTS = Number(process.env.BENCH_RATE_EVENTS ?? 20_000);
const IN_FLIGHT = 256;
const BODY = 'x'.repeat(80);
const now = monotonicMs;

interface Row {
  contender: string;
  durable: boolean;
  eventP50: number;
  eventP99: number;
  eventRate: number;
  loopRate: number;
  lost: number;
  rpcP50: number;
  rpcP99: number;
  rpcRate: number;
}

async function measure(contender: ClusterContender): Promise<Row> {
  const arrivals = new Map<number, number>();
  let waiting: { until: number; resolve: () => void } | undefined;
  await contender.start(value => {
    arrivals.set(value.i, now() - value.t);
    if (waiting && arrivals.size >= waiting.until) waiting.resolve();
  });
  const allArrived = (count: number, timeoutMs: number) =>
    new Promise<void>(resolve => {
      if (arrivals.size >= count) return resolve();
      const timer = setTimeout(resolve, timeoutMs);
      waiting = {
        until: count,
        resolve: () => (clearTimeout(timer), resolve()),
      };
    });

  // Latency: one event at a time, as an app emitting now and then would (cold `emit`).
  for (let i = 0; i < LATENCY_OPS; i++) {
    await contender.publish({ t: now(), i, body: BODY });
    await allArrived(i + 1, 2000);
  }
  const latencies = [...arrivals.values()].slice(200); // after warm-up
  // A plain loop of `await emit()`: one acknowledgement round trip per event.
  arrivals.clear();
  const loopStarted = now();
  for (let i = 0; i < LATENCY_OPS; i++) {
    await contender.publish({ t: now(), i, body: BODY });
  }
  const loopRate = (LATENCY_OPS / (now() - loopStarted)) * 1000;
  await allArrived(LATENCY_OPS, 10_000);
  // Sustained rate: publishes with up to IN_FLIGHT outstanding (what `emitMany` does), until
  // every event arrived.
  arrivals.clear();
  const started = now();
  const inFlight = new Set<Promise<unknown>>();
  for (let i = 0; i < RATE_EVENTS; i++) {
    const sent = contender
      .publish({ t: now(), i, body: BODY })
      .finally(() => inFlight.delete(sent));
    inFlight.add(sent);
    if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  await allArrived(RATE_EVENTS, 10_000);
  const eventRate = (arrivals.size / (now() - started)) * 1000;
  const lost = RATE_EVENTS - arrivals.size;

  const rpc: number[] = [];
  for (let i = 0; i < LATENCY_OPS; i++) {
    const t = now();
    await contender.request({ i, body: BODY });
    if (i >= 200) rpc.push(now() - t);
  }
  const rpcStarted = now();
  const REQUESTS = LATENCY_OPS * 2;
  for (let sent = 0; sent < REQUESTS; sent += 64) {
    await Promise.all(
      Array.from({ length: 64 }, (_, i) =>
        contender.request({ i: sent + i, body: BODY }),
      ),
    );
  }
  const rpcRate = (REQUESTS / (now() - rpcStarted)) * 1000;
  await contender.stop();
  return {
    contender: contender.name,
    durable: contender.durable,
    eventP50: percentile(latencies, 50),
    eventP99: percentile(latencies, 99),
    eventRate,
    loopRate,
    lost,
    rpcP50: percentile(rpc, 50),
    rpcP99: percentile(rpc, 99),
    rpcRate,
  };
}

async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  const [single, cluster, redis] = await Promise.all([
    NatsCluster.start(1),
    NatsCluster.start(3),
    RedisServer.start(),
  ]);
  const poolDir = mkdtempSync(join(tmpdir(), 'mvent-bench-cluster-'));
  const nats =
    (
      servers: string[],
      replicas: number,
      storage: 'file' | 'memory',
      stream: string,
    ) =>
    () =>
      natsTransport({
        servers,
        replicas,
        storage,
        stream,
        subjectPrefix: `${stream.toLowerCase()}.events`,
        deadLetterPrefix: `${stream.toLowerCase()}.dlq`,
        rpcPrefix: `${stream.toLowerCase()}.rpc`,
      });
  const contenders: ClusterContender[] = [
    mventContender('mvent shared memory (same process)', () =>
      sharedMemoryTransport({ name: 'bench-cluster', dir: poolDir }),
    ),
    mventContender(
      'mvent NATS JetStream R1 file',
      nats(single.servers, 1, 'file', 'BENCH_R1'),
    ),
    mventContender(
      'mvent NATS JetStream R1 memory',
      nats(single.servers, 1, 'memory', 'BENCH_MEM'),
    ),
    mventContender(
      'mvent NATS JetStream R3 file',
      nats(cluster.servers, 3, 'file', 'BENCH_R3'),
    ),
    mventContender('mvent Redis Streams', () =>
      redisTransport({ url: redis.url, prefix: 'bench' }),
    ),
    coreNatsContender(single.servers),
    redisPubSubContender(redis.url),
  ];
  const rows: Row[] = [];
  try {
    for (const contender of contenders) {
      process.stderr.write(`measuring ${contender.name}…\n`);
      rows.push(await measure(contender));
    }
  } finally {
    await Promise.all([single.stop(), cluster.stop(), redis.stop()]);
    rmSync(poolDir, { recursive: true, force: true });
  }
  const ms = (value: number) => `${value.toFixed(3)} ms`;
  const rate = (value: number) =>
    `${Math.round(value).toLocaleString('en-US')}/s`;
  console.log(
    `\nnpm run bench:cluster — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}; ` +
      `${LATENCY_OPS} sequential ops for latency and the await loop, ${RATE_EVENTS} events with ${IN_FLIGHT} in flight (emitMany) for rate\n`,
  );
  console.log(
    '| contender | durable | event p50 | event p99 | await-loop emits/s | emitMany events/s | lost | RPC p50 | RPC p99 | RPC/s |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) {
    console.log(
      `| ${row.contender} | ${row.durable ? 'yes' : 'no'} | ${ms(row.eventP50)} | ${ms(row.eventP99)} | ${rate(row.loopRate)} | ${rate(row.eventRate)} | ${row.lost} | ${ms(row.rpcP50)} | ${ms(row.rpcP99)} | ${rate(row.rpcRate)} |`,
    );
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
