import type { MventTransport } from '@mvent/core';
import { natsTransport, redisTransport } from '@mvent/microservices';
import { sharedMemoryTransport } from '@mvent/shared-memory';

/** A transport for the test process itself, on the same namespace as its workers. */
export function clientTransport(
  transport: 'nats' | 'redis' | 'memory',
  servers: string[],
  ns: string,
): MventTransport {
  if (transport === 'memory')
    return sharedMemoryTransport({ name: ns, dir: servers[0] });
  if (transport === 'redis')
    return redisTransport({ url: servers[0], prefix: ns });
  return natsTransport({
    servers,
    stream: ns.toUpperCase(),
    subjectPrefix: `${ns}.events`,
    rpcPrefix: `${ns}.rpc`,
    deadLetterPrefix: `${ns}.dlq`,
  });
}
