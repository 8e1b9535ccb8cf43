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
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTempDir, waitFor } from '@mvent/testing';
import { createSyftBox } from '../../syft-events/test/support/syftbox';
import { parseMetrics, valueOf } from './parse-metrics';

@Controller()
class PingController {
  @OnRequest('/ping')
  ping() {
    return { pong: true };
  }
}

/** An app serving `/ping` as SyftBox app `name`, with a pool and MetricsModule. */
async function startApp(name: string) {
  Logger.overrideLogger(false);
  const box = await createSyftBox();
  const pools = await createTempDir('mvent-syft-metrics-');
  @Module({
    imports: [
      SyftEventsModule.forRoot({ appName: name, config: box.config }),
      SharedMemoryModule.forRoot({ name, dir: pools.path }),
      MetricsModule.forRoot({ port: false }),
    ],
    controllers: [PingController],
  })
  class AppModule {}
  const app: MventApplication = await MventFactory.create(AppModule);
  await app.listen();
  const stop = async () => {
    await app.close();
    await box.remove();
    await pools.remove();
  };
  return { app, box, stop };
}

describe('MetricsModule with a SyftBox app', () => {
  it('counts SyftBox calls by route and status, responses by status, request files and cleanup', async () => {
    const { app, stop } = await startApp('shop');
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
      await stop();
    }
  });

  it('scrapes in milliseconds with 10,000 request files in the app, counting them right', async () => {
    const { app, box, stop } = await startApp('busy');
    try {
      // 10,000 answered requests: the server leaves them, a walk would read them all.
      const folder = join(box.rpcDir('busy'), 'ping', 'bob@example.com');
      mkdirSync(folder, { recursive: true });
      for (let i = 0; i < 10_000; i++) {
        const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
        writeFileSync(join(folder, `${id}.request`), '{}');
        writeFileSync(join(folder, `${id}.response`), '{}');
      }
      const scrape = async () =>
        parseMetrics(await app.get(MetricsService).metrics.metrics());
      const answered = async () =>
        valueOf(await scrape(), 'mvent_syft_requests', {
          app: 'busy',
          state: 'answered',
        });
      await waitFor(async () => (await answered()) === 10_000, {
        timeout: 20_000,
        description: 'the 10,000 requests counted',
      });
      const times: number[] = [];
      for (let i = 0; i < 20; i++) {
        const started = performance.now();
        expect(await answered()).toBe(10_000);
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      expect(times[10]).toBeLessThan(50); // the median scrape
    } finally {
      await stop();
    }
  }, 60_000);
});
