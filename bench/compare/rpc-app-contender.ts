/**
 * mvent memory RPC as applications use it: a controller's `@OnRequest` route bootstrapped by
 * `MventFactory`, so that every request goes through the core's route invoker.
 */
import type { CallHandler, CanActivate, NestInterceptor } from '@mvent/core';
import {
  Body,
  Controller,
  Module,
  MventFactory,
  OnRequest,
  UseGuards,
  UseInterceptors,
} from '@mvent/core';
import { map } from 'rxjs';
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

/** A guard that reads a header, as an auth guard would. */
const HeaderGuard: CanActivate = {
  canActivate: context =>
    context.switchToRpc().getData<{ method: string }>().method === 'POST',
};

/** An interceptor that maps the result, as most do. */
const Passthrough: NestInterceptor = {
  intercept: (_context, next: CallHandler) =>
    next.handle().pipe(map(result => result)),
};

@UseGuards(HeaderGuard)
@UseInterceptors(Passthrough)
@Controller()
class GuardedEchoController {
  @OnRequest('/echo')
  echo(@Body() body: unknown): unknown {
    return body;
  }
}

function appContender(
  name: string,
  pool: string,
  controller: new () => unknown,
): RpcContender {
  return {
    name,
    async serve(poolDir) {
      @Module({
        imports: [
          SharedMemoryModule.forRoot({ name: pool, dir: poolDir, rpc: true }),
        ],
        controllers: [controller],
      })
      class EchoModule {}
      const app = await MventFactory.create(EchoModule);
      await app.listen();
      return null;
    },
    client: poolDir => memoryRpcClient(poolDir, pool),
  };
}

/** A controller route with nothing in its pipeline. */
export const APP_CONTENDER = appContender(
  'mvent memory RPC, controller route',
  POOL,
  EchoController,
);

/** The same route behind one guard and one interceptor. */
export const GUARDED_APP_CONTENDER = appContender(
  'mvent memory RPC, route with a guard and an interceptor',
  `${POOL}-guarded`,
  GuardedEchoController,
);
