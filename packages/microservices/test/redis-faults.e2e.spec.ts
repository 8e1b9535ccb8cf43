import type { TransportStats } from '@mvent/core';
import Redis from 'ioredis';
import { freshNamespace } from './support/brokers';
import { describeWithBrokers, RedisServer, waitFor } from './support/servers';
import type { Handled } from './fixtures/worker-config';
import { TransportWorker } from './support/workers';

/** How many times `handler` handled each event of `publisher`, by its number. */
function timesHandled(
  records: Handled[],
  handler: string,
  publisher: string,
): Map<number, number> {
  const times = new Map<number, number>();
  for (const r of records) {
    if (r.handler === handler && r.publisher === publisher)
      times.set(r.n, (times.get(r.n) ?? 0) + 1);
  }
  return times;
}

const once = (count: number) =>
  new Map(Array.from({ length: count }, (_, n) => [n, 1]));

/**
 * Redis Streams when the server itself fails: a restart that lost the data (no
 * `appendonly`), and entries planted in the stream by someone else. Each test has a server
 * of its own, since it is killed.
 */
describeWithBrokers(['redis-server'])(
  'Redis Streams under server faults',
  () => {
    let redis: RedisServer;
    const workers: TransportWorker[] = [];

    beforeEach(async () => {
      redis = await RedisServer.start();
    });
    afterEach(async () => {
      await Promise.all(workers.splice(0).map(worker => worker.close()));
      await redis.stop();
    });

    async function worker(namespace: string): Promise<TransportWorker> {
      const started = await TransportWorker.start({
        transport: 'redis',
        servers: [redis.url],
        namespace,
        handlers: ['billing', 'broadcast'],
        ackWait: 2000,
      });
      workers.push(started);
      return started;
    }

    it('a restart that lost the data is reported (log and stats), and no event published after it is skipped', async () => {
      const w = await worker(freshNamespace('restart'));
      await w.publish('before', 100);
      await waitFor(
        () =>
          timesHandled(w.records(), 'billing', 'before').size === 100 &&
          timesHandled(w.records(), 'broadcast', 'before').size === 100,
        20_000,
        'the events before the restart',
      );

      await redis.restartLosingData();
      // At once, while the subscribers may not have noticed yet: nothing may be skipped.
      await w.publish('after', 50);
      await waitFor(
        () =>
          timesHandled(w.records(), 'billing', 'after').size === 50 &&
          timesHandled(w.records(), 'broadcast', 'after').size === 50,
        20_000,
        'the 50 events published after the restart, in both subscriptions',
      );
      for (const handler of ['billing', 'broadcast']) {
        expect([handler, timesHandled(w.records(), handler, 'after')]).toEqual([
          handler,
          once(50),
        ]);
      }
      const stats = await w.request<TransportStats>('stats');
      // Both subscriptions saw their group vanish, and the publisher its sequence reset.
      expect(stats.dataLost).toBe(3);
      // And in the metrics, never silent.
      expect(await w.request('metrics')).toContain(
        'mvent_transport_data_lost_total{transport="redis"} 3',
      );
      expect(w.output).toMatch(
        /ERROR .*Billing.bill: the consumer group "billing_[0-9a-f]+" of \{t\d+_restart_\d+\}:events is gone: the Redis server lost its data/,
      );
      expect(w.output).toMatch(/ERROR .*handed out sequence 1 after 100/);
      expect(w.output).not.toContain('Unhandled error event');
    }, 60_000);

    it('an entry with a malformed sequence is refused and counted; a planted sequence skips no real event', async () => {
      const ns = freshNamespace('forged');
      const w = await worker(ns);
      const planter = new Redis(redis.url);
      try {
        const payload = (publisher: string) =>
          JSON.stringify({
            event: 'order.created',
            value: { publisher, n: 0, quantity: 1 },
            origin: 'someone-else',
            ts: Date.now(),
          });
        // The sequence the first real event will get, and one that is not a number.
        await planter.xadd(
          `{${ns}}:events`,
          '*',
          's',
          '1',
          'i',
          'x',
          'p',
          payload('planted'),
        );
        await planter.xadd(
          `{${ns}}:events`,
          '*',
          's',
          'abc',
          'i',
          'y',
          'p',
          payload('malformed'),
        );
        await w.publish('real', 20);
        await waitFor(
          () =>
            timesHandled(w.records(), 'broadcast', 'real').size === 20 &&
            timesHandled(w.records(), 'billing', 'real').size === 20,
          20_000,
          'the 20 real events',
        );
        expect(timesHandled(w.records(), 'billing', 'real')).toEqual(once(20));
        expect(timesHandled(w.records(), 'broadcast', 'real')).toEqual(
          once(20),
        );
        expect(timesHandled(w.records(), 'billing', 'malformed').size).toBe(0);
        const stats = await w.request<TransportStats>('stats');
        expect(stats.refused).toBe(2); // once in each subscription
        expect(await w.request('metrics')).toContain(
          'mvent_transport_refused_total{transport="redis"} 2',
        );
        const dlq = await planter.xrange(`{${ns}}:dlq`, '-', '+');
        expect(
          dlq.map(([, fields]) => fields[fields.indexOf('s') + 1]),
        ).toEqual(['abc', 'abc']);
      } finally {
        planter.disconnect();
      }
    }, 60_000);
  },
);
