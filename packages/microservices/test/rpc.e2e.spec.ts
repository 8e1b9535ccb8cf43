import type { MventTransport } from '@mvent/core';
import { INTERNAL_ERROR_BODY, TransportTimeoutError } from '@mvent/core';
import type { Brokers } from './support/brokers';
import { freshNamespace, serversOf, startBrokers } from './support/brokers';
import { clientTransport } from './support/client-transport';
import { describeWithBrokers } from './support/servers';
import { TransportWorker } from './support/workers';

/**
 * `@OnRequest` across processes: two server processes share each route (a NATS queue group,
 * a Redis consumer group), so each request is answered exactly once, with the 404/400/500
 * model of every transport and a timeout on the caller's side.
 */
describeWithBrokers()('requests across processes', () => {
  let brokers: Brokers;

  beforeAll(async () => {
    brokers = await startBrokers();
  }, 60_000);

  afterAll(async () => {
    await brokers?.stop();
  });

  describe.each(['nats', 'redis'] as const)('on %s', transport => {
    let servers: TransportWorker[];
    let client: MventTransport;

    beforeAll(async () => {
      const ns = freshNamespace('rpc');
      const config = {
        transport,
        servers: serversOf(brokers, transport),
        namespace: ns,
        handlers: ['orders'],
      };
      servers = await Promise.all([
        TransportWorker.start(config),
        TransportWorker.start(config),
      ]);
      client = clientTransport(transport, serversOf(brokers, transport), ns);
      await client.connect();
    }, 60_000);

    afterAll(async () => {
      await client?.close();
      await Promise.all(servers.map(server => server.close()));
    });

    it('answers each request exactly once, from either server', async () => {
      const REQUESTS = 200;
      const responses = await Promise.all(
        Array.from({ length: REQUESTS }, (_, i) =>
          client.request(`/orders/${i}`, { timeout: 10_000 }),
        ),
      );
      responses.forEach((response, i) => {
        expect(response.statusCode).toBe(200);
        expect(response.body).toEqual({ id: i, status: 'paid' });
      });
      const handled = servers.flatMap(server =>
        server.records().filter(h => h.handler === 'find'),
      );
      expect(handled).toHaveLength(REQUESTS);
      expect(new Set(handled.map(h => h.n)).size).toBe(REQUESTS);
      // Both servers took a share.
      const servedBy = new Set(responses.map(response => response.servedBy));
      expect(servedBy.size).toBe(2);
    }, 60_000);

    it('answers 404 for an unknown route and for a missing resource, 400 for a bad body, 500 for a crash', async () => {
      const unknown = await client.request('/nobody/here');
      expect(unknown).toMatchObject({
        statusCode: 404,
        body: { message: 'No route /nobody/here' },
      });
      const missing = await client.request('/orders/missing');
      expect(missing).toMatchObject({
        statusCode: 404,
        body: { message: 'No order missing' },
      });
      const invalid = await client.request('/orders/place', {
        method: 'POST',
        body: { publisher: 'x', n: 'seven', quantity: -1 },
      });
      expect(invalid.statusCode).toBe(400);
      const placed = await client.request('/orders/place', {
        method: 'POST',
        body: { publisher: 'x', n: 7, quantity: 2 },
      });
      expect(placed).toMatchObject({ statusCode: 200, body: { placed: 7 } });
      const crash = await client.request('/orders/crash');
      expect(crash).toMatchObject({
        statusCode: 500,
        body: INTERNAL_ERROR_BODY,
      });
    });

    it('times out a request nobody answers in time, with a typed error', async () => {
      const started = Date.now();
      await expect(
        client.request('/orders/slow/3000', { timeout: 300 }),
      ).rejects.toBeInstanceOf(TransportTimeoutError);
      expect(Date.now() - started).toBeLessThan(2500);
    });
  });
});
