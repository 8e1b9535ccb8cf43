import {
  ConsoleLogger,
  Controller,
  Logger,
  Module,
  MventFactory,
} from '@mvent/core';
import {
  OnRequest,
  Sender,
  SyftEvents,
  SyftEventsModule,
  SyftRpcClient,
} from '@mvent/syft-events';
import { createSyftBox } from '../support/syftbox';

@Controller('/v1')
class PingController {
  @OnRequest('/ping')
  ping(@Sender() sender: string) {
    return { pong: sender };
  }

  @OnRequest('/memory-only', { transports: ['memory'] })
  memoryOnly() {
    return 'not served here';
  }
}

describe('SyftEventsModule.forRootAsync', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(new ConsoleLogger()));

  it('builds its options in a factory, serves the syft routes and injects a client on the same SyftBox', async () => {
    const box = await createSyftBox();
    @Module({
      imports: [
        SyftEventsModule.forRootAsync({
          useFactory: async () => ({
            appName: 'async-demo',
            config: box.config,
          }),
        }),
      ],
      controllers: [PingController],
    })
    class AppModule {}
    const app = await MventFactory.create(AppModule, { logger: false });
    await app.listen();
    try {
      const events = app.get(SyftEvents);
      expect(events.appName).toBe('async-demo');
      expect(events.getRoutes()).toEqual(['/v1/ping']);
      const client = app.get(SyftRpcClient);
      const response = await client.send(
        'syft://alice@example.com/app_data/async-demo/rpc/v1/ping',
      );
      expect(response.json()).toEqual({ pong: 'alice@example.com' });
    } finally {
      await app.close();
      await box.remove();
    }
    expect(app.get(SyftEvents).status).toBe('stopped');
  });
});
