import {
  ConsoleLogger,
  Controller,
  Logger,
  Module,
  MventFactory,
} from '@mvent/core';
import { Body, OnRequest } from '@mvent/core';
import {
  MemoryEventBus,
  MemoryRpcClient,
  MemoryRpcServer,
  SharedMemoryModule,
} from '@mvent/shared-memory';
import { createTempDir } from '@mvent/testing';

@Controller('/api')
class ApiController {
  @OnRequest('/both')
  both() {
    return 'both';
  }

  @OnRequest('/memory', { transports: ['memory'] })
  memory(@Body('x') x: number) {
    return { x };
  }

  @OnRequest('/syft-only', { transports: ['syft'] })
  syftOnly() {
    return 'syft';
  }
}

describe('SharedMemoryModule RPC', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(new ConsoleLogger()));

  it.each([
    [false, ['/api/memory']],
    [true, ['/api/both', '/api/memory']],
  ])(
    'with rpc: %s serves %j, started by listen() and stopped by close()',
    async (rpc, served) => {
      const dir = await createTempDir('mvent-rpc-module-');
      @Module({
        imports: [
          SharedMemoryModule.forRoot({
            name: 'rpc-module',
            dir: dir.path,
            rpc,
          }),
        ],
        controllers: [ApiController],
      })
      class AppModule {}
      const app = await MventFactory.create(AppModule, { logger: false });
      await app.listen();
      try {
        expect(app.get(MemoryRpcServer).getLocalRoutes().sort()).toEqual(
          served,
        );
        const client = app.get(MemoryRpcClient);
        expect(
          client
            .getRoutes()
            .map(r => r.path)
            .sort(),
        ).toEqual(served);
        const response = await client.send('/api/memory', {
          method: 'POST',
          body: { x: 7 },
        });
        expect(response).toMatchObject({
          statusCode: 200,
          body: { x: 7 },
          servedBy: process.pid,
        });
        expect((await client.send('/api/syft-only')).statusCode).toBe(404);
        // Served calls reach the pool's statistics without MetricsModule.
        const routes = app.get(MemoryEventBus).getAggregatedStats()[0].rpc;
        expect(routes['memory /api/memory']).toMatchObject({
          transport: 'memory',
          route: '/api/memory',
          statuses: { 200: 1 },
        });
      } finally {
        await app.close();
      }
      expect(app.get(MemoryRpcServer).getLocalRoutes()).toEqual(served);
      await dir.remove();
    },
  );
});
