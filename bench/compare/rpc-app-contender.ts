/**
 * mvent memory RPC as applications use it: a controller's `@OnRequest` route bootstrapped by
 * `MventFactory`, so that every request goes through the core's route invoker.
 */
import { Body, Controller, Module, MventFactory, OnRequest } from '@mvent/core';
import { SharedMemoryModule } from '@mvent/shared-memory';
import { memoryRpcClient } from './memory-rpc-client';
import type { RpcContender } from './rpc-contender.interface';

const POOL = 'compare-rpc-app';

@Controller()
class EchoController {
  @OnRequest('/echo')
  echo(@Body() body: unknown): unknown {
    return body;
  }
}

/** A controller route with nothing in its pipeline. */
export const APP_CONTENDER: RpcContender = {
  name: 'mvent memory RPC, controller route',
  async serve(poolDir) {
    @Module({
      imports: [
        SharedMemoryModule.forRoot({ name: POOL, dir: poolDir, rpc: true }),
      ],
      controllers: [EchoController],
    })
    class EchoModule {}
    const app = await MventFactory.create(EchoModule);
    await app.listen();
    return null;
  },
  client: poolDir => memoryRpcClient(poolDir, POOL),
};
