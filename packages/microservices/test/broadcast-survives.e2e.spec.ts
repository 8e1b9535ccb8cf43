import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { freshNamespace } from './support/brokers';
import { consumerLeader } from './support/leaders';
import { describeWithBrokers, NatsCluster, waitFor } from './support/servers';
import { counts, TransportWorker } from './support/workers';

const TOTAL = 2000;

/**
 * Waits until the subscriber acknowledged as many events as were published: none is left in
 * flight to come back as a late duplicate, so the count that follows is final.
 */
async function everyEventAcknowledged(
  subscriber: TransportWorker,
): Promise<void> {
  await waitFor(
    async () =>
      (await subscriber.request<{ acknowledged: number }>('stats'))
        .acknowledged >= TOTAL,
    30_000,
    'every event acknowledged',
  );
}

/**
 * A broadcast `@OnEvent` (no group) on an R3 stream loses nothing when the node that leads
 * its consumer dies, nor when its own process is stopped past the consumer's inactivity
 * threshold (the servers remove the consumer; the subscriber re-creates it where it stopped).
 */
describeWithBrokers(['nats-server'])('a broadcast subscriber on NATS', () => {
  let cluster: NatsCluster;
  const workers: TransportWorker[] = [];

  beforeAll(async () => {
    cluster = await NatsCluster.start(3);
  }, 60_000);

  afterEach(async () => {
    await Promise.all(workers.splice(0).map(worker => worker.close()));
    // A killed node comes back, and a thawed one catches up, before the next test.
    for (let i = 0; i < cluster.nodes.length; i++) {
      if (!cluster.nodes[i].running) cluster.nodes[i].start();
    }
    await Promise.all(
      cluster.nodes.map((_, i) => cluster.waitHealthy(i, 60_000)),
    );
  }, 90_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  async function startPair(label: string, inactiveThreshold?: number) {
    const ns = freshNamespace(label);
    const config = {
      transport: 'nats' as const,
      servers: cluster.servers,
      namespace: ns,
      replicas: 3,
      inactiveThreshold,
    };
    const subscriber = await TransportWorker.start({
      ...config,
      handlers: ['broadcast'],
      ackWait: 5000,
    });
    const publisher = await TransportWorker.start({ ...config, handlers: [] });
    workers.push(subscriber, publisher);
    return { ns, subscriber, publisher };
  }

  async function expectEachOnce(subscriber: TransportWorker): Promise<void> {
    await waitFor(
      () => counts(subscriber.records(), 'broadcast').size >= TOTAL,
      90_000,
      `all ${TOTAL} events at the broadcast subscriber`,
    );
    await everyEventAcknowledged(subscriber);
    expect(counts(subscriber.records(), 'broadcast').size).toBe(TOTAL);
    expect(subscriber.records()).toHaveLength(TOTAL);
  }

  it('handles every event exactly once when the node leading its consumer is SIGKILLed mid-stream', async () => {
    const { ns, subscriber, publisher } = await startPair('bc-kill');
    const publishing = publisher.publish('p', TOTAL);
    await waitFor(() => publisher.progress >= 1000, 60_000, '1,000 published');
    const leader = await consumerLeader(cluster, ns.toUpperCase());
    const index = cluster.nodes.findIndex(node => node.name === leader);
    expect(index).toBeGreaterThanOrEqual(0);
    await cluster.nodes[index].stop(true);
    await publishing;
    await expectEachOnce(subscriber);
  }, 180_000);

  it('detects a frozen server within 10 s, logs it, and moves on to another node', async () => {
    const ns = freshNamespace('frozen');
    // Told of node 0 only: it learns the others from the cluster.
    const subscriber = await TransportWorker.start({
      transport: 'nats',
      servers: [cluster.servers[0]],
      namespace: ns,
      replicas: 3,
      handlers: ['broadcast'],
    });
    const publisher = await TransportWorker.start({
      transport: 'nats',
      servers: cluster.servers.slice(1),
      namespace: ns,
      replicas: 3,
      handlers: [],
    });
    workers.push(subscriber, publisher);
    const frozenAt = Date.now();
    cluster.nodes[0].signal('SIGSTOP');
    try {
      // The worker logs warnings and errors only: "Lost the connection" is the detection.
      await waitFor(
        () =>
          /Lost the connection to 127\.0\.0\.1:\d+; reconnecting/.test(
            subscriber.output,
          ),
        10_000,
        'the subscriber to notice the frozen node',
      );
      const detectedMs = Date.now() - frozenAt;
      expect(detectedMs).toBeLessThan(10_000);
      console.log(`a frozen node was detected after ${detectedMs} ms`);
      // Moving on: events flow to it through the other nodes while node 0 stays frozen.
      await publisher.publish('p', 100);
      await waitFor(
        () => counts(subscriber.records(), 'broadcast').size >= 100,
        60_000,
        '100 events while node 0 is frozen',
      );
      expect(subscriber.records()).toHaveLength(100);
    } finally {
      cluster.nodes[0].signal('SIGCONT');
    }
  }, 120_000);

  it('loses nothing when its process is stopped longer than the inactivity threshold, then continued', async () => {
    const { ns, subscriber, publisher } = await startPair('bc-stop', 2000);
    await publisher.publish('p', 1000);
    await waitFor(
      () => counts(subscriber.records(), 'broadcast').size >= 1000,
      60_000,
      'the first 1,000',
    );
    subscriber.child.kill('SIGSTOP');
    try {
      // The servers remove the abandoned consumer; events go on arriving in the stream.
      await waitFor(
        async () =>
          (await consumerLeader(cluster, ns.toUpperCase())) === undefined,
        30_000,
        'the servers to remove the idle broadcast consumer',
      );
      await publisher.publish('p2', TOTAL - 1000);
    } finally {
      subscriber.child.kill('SIGCONT');
    }
    await waitFor(
      () => counts(subscriber.records(), 'broadcast').size >= TOTAL,
      60_000,
      `all ${TOTAL} events after SIGCONT`,
    );
    await everyEventAcknowledged(subscriber);
    expect(subscriber.records()).toHaveLength(TOTAL);
    expect(subscriber.output).toMatch(
      /re-creating it if it is gone, from stream sequence 1001/,
    );
  }, 180_000);
});

describeWithBrokers(['nats-server'])('a forged event on NATS', () => {
  let cluster: NatsCluster;
  let subscriber: TransportWorker | undefined;

  beforeAll(async () => {
    cluster = await NatsCluster.start(1);
  }, 60_000);

  afterAll(async () => {
    await subscriber?.close();
    await cluster?.stop();
  });

  it('refuses and counts an event whose payload names another event than its subject', async () => {
    const ns = freshNamespace('forged');
    subscriber = await TransportWorker.start({
      transport: 'nats',
      servers: cluster.servers,
      namespace: ns,
      handlers: ['broadcast'],
    });
    const connection = await connect({ servers: cluster.servers });
    try {
      const forged = {
        event: 'admin.reset',
        value: { publisher: 'forged', n: 0, quantity: 1 },
        origin: 'someone-else',
        ts: Date.now(),
      };
      await jetstream(connection).publish(
        `${ns}.events.order.created`,
        JSON.stringify(forged),
      );
    } finally {
      await connection.close();
    }
    await subscriber.publish('real', 10);
    await waitFor(
      () => counts(subscriber!.records(), 'broadcast').size >= 10,
      30_000,
      'the 10 real events',
    );
    expect(subscriber.records().map(r => r.publisher)).toEqual(
      Array(10).fill('real'),
    );
    const stats = await subscriber.request<{ refused: number }>('stats');
    expect(stats.refused).toBe(1);
    expect(subscriber.output).toMatch(
      /its payload names "admin.reset" but it was published on t\d+_forged_\d+\.events\.order\.created/,
    );
  }, 60_000);
});
