import type { JetStreamManager } from '@nats-io/jetstream';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { NatsCluster } from './servers';

/** Asks the cluster, on a connection of its own, with its JetStream manager. */
async function askCluster<T>(
  cluster: NatsCluster,
  ask: (manager: JetStreamManager) => Promise<T>,
): Promise<T> {
  const connection = await connect({ servers: cluster.servers });
  try {
    return await ask(await jetstreamManager(connection));
  } finally {
    await connection.close();
  }
}

/** The name of the node leading `stream`. */
export function streamLeader(
  cluster: NatsCluster,
  stream: string,
): Promise<string | undefined> {
  return askCluster(
    cluster,
    async manager => (await manager.streams.info(stream)).cluster?.leader,
  );
}

/** The node leading the stream's one consumer, or undefined when it has none. */
export function consumerLeader(
  cluster: NatsCluster,
  stream: string,
): Promise<string | undefined> {
  return askCluster(cluster, async manager => {
    const consumers = await manager.consumers.list(stream).next();
    return consumers[0]?.cluster?.leader;
  });
}
