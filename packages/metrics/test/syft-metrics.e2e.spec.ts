import type { MventApplication } from '@mvent/core';
import {
  Controller,
  Logger,
  Module,
  MventFactory,
  OnRequest,
} from '@mvent/core';
import { MetricsModule, MetricsService } from '@mvent/metrics';
import { SharedMemoryModule } from '@mvent/shared-memory';
import { SyftEventsModule, SyftRpcClient } from '@mvent/syft-events';
import { createTempDir } from '@mvent/testing';
import { createSyftBox } from '../../syft-events/test/support/syftbox';
import { parseMetrics, valueOf } from './parse-metrics';

@Controller()
class PingController {
  @OnRequest('/ping')
  ping() {
    return { pong: true };
  }
}

describe('MetricsModule with a SyftBox app', () => {
  it('counts SyftBox calls by route and status, responses by status, request files and cleanup', async () => {
    Logger.overrideLogger(false);
    const box = await createSyftBox();
    const pools = await createTempDir('mvent-syft-metrics-');
    @Module({
      imports: [
        SyftEventsModule.forRoot({ appName: 'shop', config: box.config }),
        SharedMemoryModule.forRoot({ name: 'shop', dir: pools.path }),
        MetricsModule.forRoot({ port: false }),
      ],
      controllers: [PingController],
    })
    class ShopModule {}
    const app: MventApplication = await MventFactory.create(ShopModule);
    await app.listen();
    try {
      const url = 'syft://alice@example.com/app_data/shop/rpc/ping';
      expect((await app.get(SyftRpcClient).send(url)).statusCode).toBe(200);
      expect(
        (await app.get(SyftRpcClient).send(`${url}/nowhere`)).statusCode,
      ).toBe(404);
      const samples = parseMetrics(
        await app.get(MetricsService).metrics.metrics(),
      );
      const route = { pool: 'shop', transport: 'syft', route: '/ping' };
      expect(
        valueOf(samples, 'mvent_rpc_requests_total', {
          ...route,
          status: '200',
        }),
      ).toBe(1);
      expect(valueOf(samples, 'mvent_rpc_duration_seconds_count', route)).toBe(
        1,
      );
      expect(
        valueOf(samples, 'mvent_syft_responses_total', {
          app: 'shop',
          status: '200',
        }),
      ).toBe(1);
      expect(
        valueOf(samples, 'mvent_syft_responses_total', {
          app: 'shop',
          status: '404',
        }),
      ).toBe(1);
      expect(
        valueOf(samples, 'mvent_syft_requests', {
          app: 'shop',
          state: 'pending',
        }),
      ).toBe(0);
      expect(
        valueOf(samples, 'mvent_syft_cleanup_deleted_total', {
          app: 'shop',
          kind: 'requests',
        }),
      ).toBe(0);
    } finally {
      await app.close();
      await box.remove();
      await pools.remove();
    }
  });
});
