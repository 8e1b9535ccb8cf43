import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { Logger } from '@mvent/core';
import { MemoryEventBus, SharedMemoryPool } from '@mvent/shared-memory';
import { SyftRpcClient } from '@mvent/syft-events';
import { createTempDir, waitFor } from '@mvent/testing';
import type { ConsoleApp } from './dashboard-support';
import {
  ARTIFACTS,
  CHROMIUM,
  dashboardUrl,
  spawnShopDashboard,
  haveChromium,
  startConsoleApp,
  syftBoxWithConfig,
} from './dashboard-support';
import type { spawnMvent } from './run-cli';

const ORDERS = 400;
const SYFT_REQUESTS = 30;

/** The orders the producer emits: every 10th unpaid (refused), every 25th failing, 5 invalid. */
function orders() {
  const list: object[] = [];
  for (let id = 1; id <= ORDERS; id++) {
    list.push({ id, paid: id % 10 !== 0, fail: id % 25 === 0 });
  }
  for (let i = 0; i < 5; i++) list.push({ id: `x${i}` });
  return list;
}

/** The cells of the table rows matching `selector`, as text. */
const cells = (page: Page, selector: string) =>
  page.$$eval(`${selector} td`, tds => tds.map(td => td.textContent ?? ''));

(haveChromium ? describe : describe.skip)(
  'mvent dashboard against a producer, a consumer and a SyftBox app',
  () => {
    let browser: Browser;
    beforeAll(async () => {
      Logger.overrideLogger(false);
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox'],
      });
    });
    afterAll(() => browser?.close());

    it("shows each panel's numbers as the processes count them, the graph, departures and a second pool", async () => {
      const dir = await createTempDir('mvent-console-');
      const other = new SharedMemoryPool({ name: 'other', dir: dir.path });
      const otherBus = new MemoryEventBus(other);
      otherBus.emit('other.tick', { n: 1 });
      const { box, configPath } = await syftBoxWithConfig();
      const apps: ConsoleApp[] = [];
      const client = new SyftRpcClient({
        config: { ...box.config, email: 'bob@example.com' },
      });
      let dashboard: ReturnType<typeof spawnMvent> | undefined;
      try {
        const [consumer, producer, shop] = await Promise.all([
          startConsoleApp('consumer', 'orders', dir.path),
          startConsoleApp('producer', 'orders', dir.path),
          startConsoleApp('shop', 'orders', dir.path, box.config),
        ]);
        apps.push(consumer, producer, shop);
        dashboard = spawnShopDashboard(configPath, dir.path, [
          'orders',
          'other',
        ]);
        const page = await browser.newPage({
          viewport: { width: 1280, height: 900 },
        });
        await page.goto(await dashboardUrl(dashboard));

        // Load: events through a guard and a DTO, memory RPC with a 404, SyftBox requests.
        const sent = orders();
        await producer.request('emit', { orders: sent });
        const statuses = await producer.request<number[]>('call', {
          ids: [
            ...Array.from({ length: 20 }, (_, i) => String(i + 1)),
            '0',
            '0',
          ],
        });
        expect(statuses.filter(s => s === 404)).toHaveLength(2);
        const answers = await Promise.all(
          Array.from({ length: SYFT_REQUESTS }, () =>
            client.send('syft://alice@example.com/app_data/shop/rpc/echo', {
              method: 'POST',
              body: Buffer.from('{}'),
            }),
          ),
        );
        expect(answers.map(a => a.statusCode)).toEqual(
          Array(SYFT_REQUESTS).fill(200),
        );
        const refused = ORDERS / 10;
        const failed = ORDERS / 25 - ORDERS / 50; // every 50th is also unpaid
        await waitFor(
          async () => {
            const c = await consumer.request<{
              handled: number;
              failed: number;
            }>('counts');
            return c.handled + c.failed === ORDERS - refused;
          },
          { timeout: 20_000, description: 'the consumer handling every order' },
        );
        const own = await consumer.request<{ failed: number }>('counts');
        expect(own.failed).toBe(failed);

        // Handlers: calls, errors, refused, invalid, and the last error, as the consumer counted.
        const handlerRow = () =>
          cells(
            page,
            '#handlers tr:has(td:text-is("OrdersController.created"))',
          );
        await waitFor(
          async () => (await handlerRow())[1] === String(sent.length),
          {
            timeout: 15_000,
            description: 'the handler table at every delivery',
          },
        );
        const row = await handlerRow();
        expect(row.slice(1, 5)).toEqual([
          String(sent.length),
          String(failed),
          String(refused),
          '5',
        ]);
        expect(row[8]).toMatch(
          /^card declined for order 3[0-9]{2} \(\d+ s ago\)$/,
        );

        // RPC: both transports, counted by the servers themselves; the latest with senders.
        const routeRow = async (route: string) =>
          (
            await page.$$eval('#rpc tr', rows =>
              rows.map(r => [...r.cells].map(c => c.textContent ?? '')),
            )
          ).find(r => r[1] === route) ?? [];
        // Each server publishes its counts with its own heartbeat, about once a second.
        await waitFor(
          async () =>
            (await routeRow('/echo'))[2] === String(SYFT_REQUESTS) &&
            (await routeRow('/orders/{id}'))[2] === '22',
          { description: 'both routes counted' },
        );
        expect((await routeRow('/orders/{id}')).slice(0, 3)).toEqual([
          'memory',
          '/orders/{id}',
          '22',
        ]);
        expect((await routeRow('/orders/{id}'))[4]).toBe('2');
        expect((await routeRow('/orders/{id}'))[5]).toBe('200×20 404×2');
        const recent = await page.$$eval('#recent-rpc tr', rows =>
          rows.map(r => [...r.cells].map(c => c.textContent)),
        );
        expect(
          recent.some(
            r =>
              r[1] === 'syft' && r[3] === 'bob@example.com' && r[4] === '200',
          ),
        ).toBe(true);
        expect(
          recent.some(
            r =>
              r[1] === 'memory' &&
              r[3] === `pid-${producer.pid}` &&
              r[4] === '404',
          ),
        ).toBe(true);
        const shopCounts = await shop.request<{ answered: number }>('counts');
        expect(await page.textContent('#syft-answered')).toBe(
          String(shopCounts.answered),
        );

        // Processes by role, alive.
        const processRow = (pid: number) =>
          cells(page, `#process-list tr:has(td:text-is("${pid}"))`);
        for (const [app, role] of [
          [consumer, 'consumer'],
          [producer, 'producer'],
          [shop, 'shop'],
        ] as const) {
          await waitFor(async () => (await processRow(app.pid))[1] === role, {
            description: `the ${role} in the process list`,
          });
          expect((await processRow(app.pid))[2]).toBe('alive');
        }

        expect(await page.textContent('#processes')).toBe('3'); // the dashboard left out

        // The application graph: the consumer's module, opened, with its handlers' pipelines.
        await page.selectOption('#graph-process', String(consumer.pid));
        await page.click('details[data-module="ConsumerModule"] summary');
        const graphRow = (handler: string) =>
          cells(
            page,
            `details[data-module="ConsumerModule"] tr[data-handler="${handler}"]`,
          );
        await waitFor(
          async () => (await graphRow('OrdersController.created')).length > 0,
          {
            description: 'the consumer graph',
          },
        );
        expect(
          (await graphRow('OrdersController.created')).slice(0, 5),
        ).toEqual([
          'OrdersController.created',
          'memory',
          'order.created',
          'PaidOnly',
          'Timing',
        ]);
        expect((await graphRow('OrdersController.get')).slice(0, 3)).toEqual([
          'OrdersController.get',
          'memory',
          '/orders/{id}',
        ]);
        await page.screenshot({
          path: join(ARTIFACTS, 'dashboard-console.png'),
          fullPage: true,
        });

        // The producer killed: flagged as died, and no total goes down.
        const total = sent.length;
        await waitFor(
          async () =>
            (await page.textContent('#events-total')) === String(total),
          { description: "the producer's emits, as it published them" },
        );
        await producer.kill('SIGKILL');
        apps.splice(apps.indexOf(producer), 1);
        await waitFor(
          async () => (await processRow(producer.pid))[2] === 'died',
          {
            timeout: 15_000,
            description: 'the producer flagged as died',
          },
        );
        expect(Number(await page.textContent('#events-total'))).toBe(total);

        // A second pool, chosen at the top.
        await page.click('#pools button[data-pool="other"]');
        await waitFor(
          async () => (await page.textContent('#pool-name')) === 'other',
          {
            description: 'the other pool',
          },
        );
        await waitFor(
          async () => (await page.textContent('#events-total')) === '1',
          {
            description: "the other pool's one event",
          },
        );
      } finally {
        client.close();
        await Promise.all(apps.map(app => app.kill('SIGTERM')));
        dashboard?.child.kill('SIGTERM');
        await dashboard?.exited;
        await otherBus.close();
        await other.close();
        await box.remove();
        await dir.remove();
      }
    }, 120_000);
  },
);
