import type { MventTransport } from '@mvent/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Brokers } from './support/brokers';
import { freshNamespace, serversOf, startBrokers } from './support/brokers';
import { clientTransport } from './support/client-transport';
import { describeWithBrokers, waitFor } from './support/servers';
import { byPublisher, increasing, TransportWorker } from './support/workers';

type Kind = 'memory' | 'nats' | 'redis';

/**
 * One handler class (`OrderHandlers`: a guard, a DTO, events and routes) runs unchanged in a
 * worker process on shared memory, NATS JetStream and Redis Streams; only the module's
 * `transport` option differs. Each transport must give the same results.
 */
describeWithBrokers()('the same handlers on every transport', () => {
  let brokers: Brokers;
  const poolDir = mkdtempSync(join(tmpdir(), 'mvent-ms-pool-'));

  beforeAll(async () => {
    brokers = await startBrokers();
  }, 60_000);

  afterAll(async () => {
    await brokers?.stop();
    rmSync(poolDir, { recursive: true, force: true });
  });

  const serversFor = (kind: Kind) =>
    kind === 'memory' ? [poolDir] : serversOf(brokers, kind);

  it.each<Kind>(['memory', 'nats', 'redis'])(
    'on %s',
    async kind => {
      const ns = freshNamespace(`same_${kind}`);
      const worker = await TransportWorker.start({
        transport: kind,
        servers: serversFor(kind),
        namespace: ns,
        handlers: ['orders'],
      });
      const client: MventTransport = clientTransport(
        kind,
        serversFor(kind),
        ns,
      );
      await client.connect();
      try {
        const EVENTS = 100;
        for (let n = 0; n < EVENTS; n++) {
          await client.publish('order.created', {
            publisher: 'test',
            n,
            quantity: 1,
          });
          if (n === 10) {
            await client.publish('order.created', {
              publisher: 'test',
              n: 'x',
              quantity: -1,
            }); // invalid
            await client.publish('order.created', {
              publisher: 'test',
              n: 1000,
              quantity: 1,
              forbidden: true,
            });
          }
        }
        await waitFor(
          () =>
            worker.records().filter(h => h.handler === 'created').length >=
            EVENTS,
          30_000,
          'the events',
        );

        const created = worker.records().filter(h => h.handler === 'created');
        expect(created).toHaveLength(EVENTS); // the invalid and the forbidden event are skipped
        expect(increasing(byPublisher(created, 'created').get('test')!)).toBe(
          true,
        );
        expect(created.every(h => h.attempt === 1)).toBe(true);

        const found = await client.request('/orders/7');
        expect(found).toMatchObject({
          statusCode: 200,
          body: { id: 7, status: 'paid' },
        });
        const placed = await client.request('/orders/place', {
          method: 'POST',
          body: { publisher: 'test', n: 3, quantity: 1 },
        });
        expect(placed).toMatchObject({
          statusCode: 200,
          body: { placed: 3, by: String(worker.pid) },
        });
        const refused = await client.request('/orders/place', {
          method: 'POST',
          body: { n: 3 },
        });
        expect(refused.statusCode).toBe(400);
        expect((await client.request('/orders/missing')).statusCode).toBe(404);
      } finally {
        await client.close();
        await worker.close();
      }
    },
    60_000,
  );
});
