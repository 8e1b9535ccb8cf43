import type { Brokers } from './support/brokers';
import { freshNamespace, serversOf, startBrokers } from './support/brokers';
import { readDeadLetters } from './support/dead-letters';
import { describeWithBrokers, waitFor } from './support/servers';
import { counts, TransportWorker } from './support/workers';

const TOTAL = 300;

/**
 * A group of two where one member's handler never resolves: the healthy member handles every
 * event, and none is dead-lettered (on NATS, the stuck member's prefetched events used to
 * pile up, their delivery counts climbing, until the healthy member dead-lettered them
 * unhandled).
 */
describeWithBrokers()('a group member whose handler never resolves', () => {
  let brokers: Brokers;
  const workers: TransportWorker[] = [];

  beforeAll(async () => {
    brokers = await startBrokers();
  }, 60_000);

  afterEach(async () => {
    await Promise.all(workers.splice(0).map(worker => worker.kill()));
  });

  afterAll(async () => {
    await brokers?.stop();
  });

  it.each(['nats', 'redis'] as const)(
    'on %s: the healthy member handles every event and none is dead-lettered',
    async transport => {
      const ns = freshNamespace('stuck');
      const start = (handlers: string[]) =>
        TransportWorker.start({
          transport,
          servers: serversOf(brokers, transport),
          namespace: ns,
          handlers,
          ackWait: 1000,
        });
      const stuck = await start(['stuck']);
      const healthy = await start(['billing']);
      workers.push(stuck, healthy);
      await healthy.publish('p', TOTAL);
      await waitFor(
        () => counts(healthy.records(), 'billing').size >= TOTAL,
        60_000,
        `all ${TOTAL} events at the healthy member`,
      );
      expect(counts(healthy.records(), 'billing').size).toBe(TOTAL);
      expect(stuck.records().length).toBeGreaterThan(0); // it did take events
      expect(await readDeadLetters(brokers, transport, ns)).toEqual([]);
    },
    90_000,
  );
});
