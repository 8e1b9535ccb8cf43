import { NatsCluster, RedisServer } from './servers';

/** The broker servers one test file starts, and the transports' settings for them. */
export interface Brokers {
  nats: NatsCluster;
  redis: RedisServer;
  stop(): Promise<void>;
}

/** Starts a 3-node JetStream cluster and a Redis server on free loopback ports. */
export async function startBrokers(): Promise<Brokers> {
  const [nats, redis] = await Promise.all([
    NatsCluster.start(3),
    RedisServer.start(),
  ]);
  return {
    nats,
    redis,
    stop: async () => {
      await Promise.all([nats.stop(), redis.stop()]);
    },
  };
}

let namespaces = 0;

/** A namespace of its own for one test: its stream, subjects and keys. */
export function freshNamespace(label: string): string {
  return `t${process.pid}_${label}_${++namespaces}`;
}

/** The `servers` a worker of `transport` gets. */
export function serversOf(
  brokers: Brokers,
  transport: 'nats' | 'redis',
): string[] {
  return transport === 'nats' ? brokers.nats.servers : [brokers.redis.url];
}
