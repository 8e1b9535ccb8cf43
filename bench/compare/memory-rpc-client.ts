import {
  MemoryEventBus,
  MemoryRpcClient,
  SharedMemoryPool,
} from '@mvent/shared-memory';
import type { RpcClient } from './rpc-contender.interface';

/** A memory-RPC client of pool `name` that posts to `/echo`. */
export async function memoryRpcClient(
  poolDir: string,
  name: string,
): Promise<RpcClient> {
  const pool = new SharedMemoryPool({ name, dir: poolDir });
  const bus = new MemoryEventBus(pool);
  await bus.ready;
  const client = new MemoryRpcClient(bus);
  return {
    call: body =>
      client
        .send('/echo', { method: 'POST', body })
        .then(response => response.body),
    close: async () => {
      client.close();
      await bus.close();
      await pool.close();
    },
  };
}
