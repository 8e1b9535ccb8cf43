import { get } from 'node:http';
import type { MventApplication } from '@mvent/core';
import {
  Controller,
  Logger,
  Module,
  MventFactory,
  NotFoundException,
  OnRequest,
  Param,
} from '@mvent/core';
import { MetricsModule, MetricsService, sumSnapshots } from '@mvent/metrics';
import {
  MemoryEventBus,
  MemoryRpcClient,
  OnEvent,
  SharedMemoryModule,
  SharedMemoryPool,
} from '@mvent/shared-memory';
import type { TempDir } from '@mvent/testing';
import { createTempDir, waitFor } from '@mvent/testing';
import type { Worker } from '../../shared-memory/test/e2e/worker.util';
import { startWorker } from '../../shared-memory/test/e2e/worker.util';
import { parseMetrics, valueOf } from './parse-metrics';

@Controller()
class OrdersController {
  @OnEvent('order.created')
  created() {}

  @OnRequest('/orders/{id}')
  get(@Param('id') id: string) {
    if (id === '0') throw new NotFoundException(`No order ${id}`);
    return { id };
  }
}

describe('MetricsModule', () => {
  let dir: TempDir;
  let app: MventApplication;
  let worker: Worker;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    dir = await createTempDir('mvent-metrics-');
    @Module({
      imports: [
        SharedMemoryModule.forRoot({
          name: 'metrics',
          dir: dir.path,
          rpc: true,
        }),
        MetricsModule.forRoot({ port: 0 }),
      ],
      controllers: [OrdersController],
    })
    class AppModule {}
    app = await MventFactory.create(AppModule);
    await app.listen();
    worker = await startWorker('metrics', dir.path);
  });

  afterAll(async () => {
    await worker.kill();
    await app.close();
    await dir.remove();
  });

  async function scrape(): Promise<{ text: string; type: string | null }> {
    const { port } = app.get(MetricsService).address!;
    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(response.status).toBe(200);
    return {
      text: await response.text(),
      type: response.headers.get('content-type'),
    };
  }

  it('serves /metrics whose values are the pool’s and every process’s statistics', async () => {
    const bus = app.get(MemoryEventBus);
    for (let i = 0; i < 5; i++) bus.emit('order.created', { i });
    await worker.request('emit', { event: 'order.created', count: 3 });
    const client = app.get(MemoryRpcClient);
    expect((await client.send('/orders/1')).statusCode).toBe(200);
    expect((await client.send('/orders/2')).statusCode).toBe(200);
    expect((await client.send('/orders/0')).statusCode).toBe(404);

    let samples = parseMetrics((await scrape()).text);
    await waitFor(
      async () => {
        samples = parseMetrics((await scrape()).text);
        return (
          valueOf(samples, 'mvent_events_emitted_total', {
            event: 'order.created',
          }) === 8
        );
      },
      {
        timeout: 10_000,
        description: "the worker's 3 emits in the aggregated statistics",
      },
    );
    const pool = { pool: 'metrics' };
    const event = { ...pool, event: 'order.created' };
    const handler = { ...pool, handler: 'OrdersController.created' };
    const route = { ...pool, transport: 'memory', route: '/orders/{id}' };
    expect(
      valueOf(samples, 'mvent_events_delivered_total', event),
    ).toBeGreaterThanOrEqual(8);
    expect(valueOf(samples, 'mvent_handler_calls_total', handler)).toBe(8);
    expect(
      valueOf(samples, 'mvent_handler_duration_seconds_count', handler),
    ).toBe(8);
    expect(
      valueOf(samples, 'mvent_handler_duration_seconds_bucket', {
        ...handler,
        le: '+Inf',
      }),
    ).toBe(8);
    expect(
      valueOf(samples, 'mvent_rpc_requests_total', { ...route, status: '200' }),
    ).toBe(2);
    expect(
      valueOf(samples, 'mvent_rpc_requests_total', { ...route, status: '404' }),
    ).toBe(1);
    expect(valueOf(samples, 'mvent_rpc_duration_seconds_count', route)).toBe(3);

    // The same numbers as the bus's and the pool's own statistics.
    const totals = sumSnapshots(bus.getAggregatedStats());
    expect(valueOf(samples, 'mvent_handler_errors_total', handler)).toBe(
      totals.handlers['OrdersController.created'].errors,
    );
    const stats = app.get(SharedMemoryPool).getStats();
    expect(valueOf(samples, 'mvent_pool_entries', pool)).toBe(stats.entries);
    expect(valueOf(samples, 'mvent_pool_last_seq', pool)).toBe(stats.lastSeq);
    expect(valueOf(samples, 'mvent_pool_attached_processes', pool)).toBe(2);
    expect(valueOf(samples, 'mvent_pool_max_bytes', pool)).toBe(
      stats.maxPoolBytes,
    );
  });

  it('keeps counters that never go down when processes exit, equal to the true totals', async () => {
    const bus = app.get(MemoryEventBus);
    const emittedTotal = async () =>
      valueOf(
        parseMetrics((await scrape()).text),
        'mvent_events_emitted_total',
        {
          event: 'job.done',
        },
      ) ?? 0;
    const series: number[] = [];
    const watch = async (until: () => boolean, description: string) =>
      waitFor(
        async () => {
          series.push(await emittedTotal());
          return until();
        },
        { timeout: 15_000, interval: 50, description },
      );
    // Two more processes emit; one leaves cleanly, the other is SIGKILLed.
    const leaving = await startWorker('metrics', dir.path);
    const killed = await startWorker('metrics', dir.path);
    try {
      await leaving.request('emit', { event: 'job.done', count: 40 });
      await killed.request('emit', { event: 'job.done', count: 25 });
      for (let i = 0; i < 10; i++) bus.emit('job.done', { i });
      await watch(() => series.at(-1) === 75, 'all 75 emits counted');
      await leaving.request('close').catch(() => undefined);
      await leaving.kill();
      await watch(
        () => !bus.pool.attachedPids().includes(leaving.pid),
        'the clean exit seen',
      );
      await killed.kill('SIGKILL');
      // The dead process is found at the next heartbeats (about 5 s).
      await watch(
        () => !bus.pool.attachedPids().includes(killed.pid),
        'the killed process reaped',
      );
      const scrapes = series.length;
      await watch(
        () => series.length > scrapes + 20,
        'more scrapes after both left',
      );
    } finally {
      await leaving.kill();
      await killed.kill();
    }
    const drops = series.flatMap((value, i) =>
      i > 0 && value < series[i - 1]
        ? [`${series[i - 1]} → ${value} at scrape ${i}`]
        : [],
    );
    expect(drops).toEqual([]);
    expect(series.at(-1)).toBe(75);
  }, 60_000);

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    const { port } = app.get(MetricsService).address!;
    // As a rebinding page's requests arrive: to 127.0.0.1, with the attacker's Host.
    const statusFor = (host: string) =>
      new Promise<number | undefined>((resolve, reject) =>
        get(
          { host: '127.0.0.1', port, path: '/metrics', headers: { host } },
          response => {
            response.resume();
            resolve(response.statusCode);
          },
        ).on('error', reject),
      );
    expect(await statusFor(`evil.example:${port}`)).toBe(403);
    expect(await statusFor('evil.example')).toBe(403);
    expect(await statusFor(`localhost:${port}`)).toBe(200);
    expect(await statusFor(`127.0.0.1:${port}`)).toBe(200);
    expect(await statusFor(`[::1]:${port}`)).toBe(200);
  });

  it('answers 404 off its path and says it needs SharedMemoryModule', async () => {
    const { port } = app.get(MetricsService).address!;
    expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
    @Module({ imports: [MetricsModule.forRoot({ port: false })] })
    class Lonely {}
    await expect(
      MventFactory.create(Lonely).then(lonely => lonely.init()),
    ).rejects.toThrow(/MetricsModule needs SharedMemoryModule/);
  });
});
