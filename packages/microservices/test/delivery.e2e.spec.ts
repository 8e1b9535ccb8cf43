import type { Brokers } from './support/brokers';
import { freshNamespace, serversOf, startBrokers } from './support/brokers';
import { readDeadLetters } from './support/dead-letters';
import { describeWithBrokers, waitFor } from './support/servers';
import {
  byPublisher,
  counts,
  increasing,
  TransportWorker,
} from './support/workers';

/**
 * Delivery across processes on NATS JetStream and Redis Streams: groups share the events,
 * broadcast subscribers each get all of them, a SIGKILLed member's unacknowledged events go
 * to another member, and a failing handler is retried, then dead-lettered.
 */
describeWithBrokers()('event delivery across processes', () => {
  let brokers: Brokers;
  const workers: TransportWorker[] = [];

  beforeAll(async () => {
    brokers = await startBrokers();
  }, 60_000);

  afterEach(async () => {
    await Promise.all(workers.splice(0).map(worker => worker.close()));
  });

  afterAll(async () => {
    await brokers?.stop();
  });

  async function start(
    transport: 'nats' | 'redis',
    namespace: string,
    handlers: string[],
    extra: { ackWait?: number; maxDeliver?: number; delayMs?: number } = {},
  ): Promise<TransportWorker> {
    const worker = await TransportWorker.start({
      transport,
      servers: serversOf(brokers, transport),
      namespace,
      handlers,
      ...extra,
    });
    workers.push(worker);
    return worker;
  }

  describe.each(['nats', 'redis'] as const)('on %s', transport => {
    it('a group member whose handler never resolves: the healthy member handles every event, and none is dead-lettered', async () => {
      // On NATS, consume() used to go on pulling into the stuck member; the delivery counts of
      // what piled up there climbed until the healthy member dead-lettered them unhandled.
      const ns = freshNamespace('stuck');
      const stuck = await start(transport, ns, ['stuck'], { ackWait: 1000 });
      const healthy = await start(transport, ns, ['billing'], {
        ackWait: 1000,
      });
      await healthy.publish('p', 300);
      await waitFor(
        () => counts(healthy.records(), 'billing').size >= 300,
        60_000,
        'all 300 events at the healthy member',
      );
      expect(counts(healthy.records(), 'billing').size).toBe(300);
      expect(stuck.records().length).toBeGreaterThan(0); // it did take events
      expect(await readDeadLetters(brokers, transport, ns)).toEqual([]);
      await stuck.kill(); // rather than wait for its handler's timeout at close
    }, 90_000);

    it('emitMany stores every event once, in the order given, and the group handles them in that order', async () => {
      const ns = freshNamespace('many');
      const w = await start(transport, ns, ['billing']);
      const seqs = await w.request<number[]>('publishMany', {
        publisher: 'm',
        count: 500,
      });
      expect(seqs).toHaveLength(500);
      expect(increasing(seqs)).toBe(true);
      await waitFor(
        () => counts(w.records(), 'billing').size >= 500,
        30_000,
        '500 events',
      );
      expect(byPublisher(w.records(), 'billing').get('m')).toEqual(
        Array.from({ length: 500 }, (_, n) => n),
      );
    });

    it('delivers each event once per group and to every broadcast subscriber, in order per publisher', async () => {
      const ns = freshNamespace('groups');
      const [w1, w2, w3] = await Promise.all([
        start(transport, ns, ['billing', 'broadcast']),
        start(transport, ns, ['billing', 'broadcast']),
        start(transport, ns, ['shipping']),
      ]);
      const PER_PUBLISHER = 1000;
      await Promise.all([
        w1.publish('p1', PER_PUBLISHER),
        w3.publish('p3', PER_PUBLISHER),
      ]);
      // p3 publishes its events again with the same ids, as a publisher retrying would.
      await w3.publish('p3', PER_PUBLISHER);
      expect(await w3.request('stats')).toMatchObject({
        duplicates: PER_PUBLISHER,
      });
      const total = 2 * PER_PUBLISHER;
      const all = () => [...w1.records(), ...w2.records(), ...w3.records()];
      await waitFor(
        () => {
          const handled = all();
          return (
            handled.filter(h => h.handler === 'billing').length >= total &&
            handled.filter(h => h.handler === 'shipping').length >= total &&
            w1.records().filter(h => h.handler === 'broadcast').length >=
              total &&
            w2.records().filter(h => h.handler === 'broadcast').length >= total
          );
        },
        60_000,
        'every event to reach every group and broadcast subscriber',
      );
      await new Promise(resolve => setTimeout(resolve, 300)); // let a duplicate show up, if any

      for (const group of ['billing', 'shipping']) {
        const seen = counts(all(), group);
        expect(seen.size).toBe(total);
        expect([...seen.values()].every(count => count === 1)).toBe(true);
      }
      // Both members of `billing` took a share.
      expect(w1.records().some(h => h.handler === 'billing')).toBe(true);
      expect(w2.records().some(h => h.handler === 'billing')).toBe(true);
      for (const worker of [w1, w2]) {
        const broadcast = counts(worker.records(), 'broadcast');
        expect(broadcast.size).toBe(total);
        expect([...broadcast.values()].every(count => count === 1)).toBe(true);
      }
      // Per publisher, every subscriber saw its events in publish order.
      for (const worker of [w1, w2, w3]) {
        for (const handler of ['billing', 'shipping', 'broadcast']) {
          for (const ns of byPublisher(worker.records(), handler).values()) {
            expect(increasing(ns)).toBe(true);
          }
        }
      }
    }, 120_000);

    it("hands a SIGKILLed member's unacknowledged events to another member of its group", async () => {
      const ns = freshNamespace('kill');
      const options = { ackWait: 1500, delayMs: 2 };
      const [victim, survivor, publisher] = await Promise.all([
        start(transport, ns, ['billing'], options),
        start(transport, ns, ['billing'], options),
        start(transport, ns, []),
      ]);
      const TOTAL = 2000;
      const publishing = publisher.publish('p', TOTAL);
      await waitFor(
        () => victim.records().length >= 150,
        30_000,
        'the victim to handle 150 events',
      );
      await victim.kill('SIGKILL');
      await publishing;
      const handled = () => [...victim.records(), ...survivor.records()];
      await waitFor(
        () => counts(handled(), 'billing').size >= TOTAL,
        60_000,
        'every event to be handled',
      );

      const seen = counts(handled(), 'billing');
      expect(seen.size).toBe(TOTAL); // nothing lost
      // At most the one event the victim had handled but not yet acknowledged runs twice.
      const twice = [...seen.values()].filter(count => count > 1).length;
      expect(twice).toBeLessThanOrEqual(1);
      // The survivor got events first delivered to the victim.
      expect(survivor.records().some(h => h.attempt > 1)).toBe(true);
    }, 120_000);

    it('redelivers a failing event up to maxDeliver, then dead-letters it; a flaky one succeeds', async () => {
      const ns = freshNamespace('flaky');
      const worker = await start(transport, ns, ['flaky'], {
        ackWait: 300,
        maxDeliver: 3,
      });
      await worker.publish('always', 1, 'flaky.order', { failTimes: null });
      await worker.publish('twice', 1, 'flaky.order', { failTimes: 2 });
      await worker.publish('never', 1, 'flaky.order', { failTimes: 0 });
      await waitFor(
        async () =>
          (await worker.request<{ deadLettered: number }>('stats'))
            .deadLettered === 1,
        30_000,
        'the always-failing event to be dead-lettered',
      );
      await waitFor(
        () =>
          worker
            .records()
            .some(h => h.publisher === 'twice' && h.attempt === 3),
        30_000,
        'the flaky event to succeed on its third attempt',
      );
      await new Promise(resolve => setTimeout(resolve, 1000)); // no fourth attempt comes
      const attempts = (publisher: string) =>
        worker
          .records()
          .filter(h => h.publisher === publisher)
          .map(h => h.attempt);
      expect(attempts('always')).toEqual([1, 2, 3]);
      expect(attempts('twice')).toEqual([1, 2, 3]);
      expect(attempts('never')).toEqual([1]);
      const stats = await worker.request<{
        deadLettered: number;
        acknowledged: number;
      }>('stats');
      expect(stats.deadLettered).toBe(1);
      // The dead letter is stored where an operator finds it, with what failed and how often.
      const letters = await readDeadLetters(brokers, transport, ns);
      expect(letters).toEqual([
        { publisher: 'always', attempts: '3', error: 'attempt 3 of 0 fails' },
      ]);
    }, 60_000);
  });
});
