import { ConsoleLogger, Logger } from '@mvent/core';
import {
  MemoryEventBus,
  MemoryRpcClient,
  MemoryRpcServer,
  SharedMemoryPool,
} from '@mvent/shared-memory';
import type {
  MemoryRpcClientOptions,
  MemoryRpcServerOptions,
  SharedMemoryOptions,
} from '@mvent/shared-memory';
import { createTempDir } from '@mvent/testing';
import type { TempDir } from '@mvent/testing';

/** A pool, its bus, a memory-RPC server and a client in this process, for one test each. */
export interface MemoryRpcFixture {
  dir: TempDir;
  pool: SharedMemoryPool;
  bus: MemoryEventBus;
  server: MemoryRpcServer;
  client: MemoryRpcClient;
}

/**
 * A fresh {@link MemoryRpcFixture} before each test (silent logger; `setUp` adds routes and
 * may start the server), closed after it. Read its fields inside tests.
 */
export function useMemoryRpc(options: {
  pool?: Omit<SharedMemoryOptions, 'name'>;
  server?: MemoryRpcServerOptions;
  client?: MemoryRpcClientOptions;
  setUp?: (fixture: MemoryRpcFixture) => Promise<void> | void;
}): MemoryRpcFixture {
  const fixture = {} as MemoryRpcFixture;
  beforeEach(async () => {
    Logger.overrideLogger(false);
    fixture.dir = await createTempDir('mvent-rpc-');
    fixture.pool = new SharedMemoryPool({
      name: 'rpc',
      dir: fixture.dir.path,
      ...options.pool,
    });
    fixture.bus = new MemoryEventBus(fixture.pool);
    fixture.server = new MemoryRpcServer(fixture.bus, options.server);
    fixture.client = new MemoryRpcClient(fixture.bus, options.client);
    await options.setUp?.(fixture);
  });
  afterEach(async () => {
    fixture.client.close();
    await fixture.server.close();
    await fixture.bus.close();
    await fixture.pool.close();
    await fixture.dir.remove();
    Logger.overrideLogger(new ConsoleLogger());
  });
  return fixture;
}
