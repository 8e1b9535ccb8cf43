import type { DynamicModule } from '@mvent/core';
import { SharedMemoryModule } from '@mvent/shared-memory';
import { SyftEventsModule } from '@mvent/syft-events';
import { createTempDir } from '@mvent/testing';
import { createSyftBox } from './syftbox';

/** The imports of an app `parity` served over SyftBox (a temporary folder) and memory RPC. */
export async function bothTransports(): Promise<{
  imports: DynamicModule[];
  remove(): Promise<void>;
}> {
  const box = await createSyftBox();
  const pools = await createTempDir('mvent-parity-');
  return {
    imports: [
      SyftEventsModule.forRoot({ appName: 'parity', config: box.config }),
      SharedMemoryModule.forRoot({
        name: 'parity',
        dir: pools.path,
        rpc: true,
      }),
    ],
    remove: async () => {
      await box.remove();
      await pools.remove();
    },
  };
}
