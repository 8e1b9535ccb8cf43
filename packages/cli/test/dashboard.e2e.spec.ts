import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import { Logger } from '@mvent/core';
import { MemoryEventBus, SharedMemoryPool } from '@mvent/shared-memory';
import type { TempDir } from '@mvent/testing';
import { createTempDir, waitFor } from '@mvent/testing';
import { place } from '../../syft-events/test/support/syftbox';
import {
  ARTIFACTS,
  CHROMIUM,
  dashboardUrl,
  placeWaitingRequests,
  spawnShopDashboard,
  haveChromium,
  syftBoxWithConfig,
} from './dashboard-support';
import { spawnMvent } from './run-cli';

if (!haveChromium) {
  console.warn(
    `Skipping the dashboard test: no Chromium at ${CHROMIUM} (apt-get install chromium)`,
  );
}

(haveChromium ? describe : describe.skip)(
  'mvent dashboard in headless Chromium',
  () => {
    let dir: TempDir;
    let browser: Browser;
    beforeAll(async () => {
      Logger.overrideLogger(false);
      dir = await createTempDir('mvent-dashboard-');
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox'],
      });
    });
    afterAll(async () => {
      await browser?.close();
      await dir.remove();
    });

    it("shows live numbers that change when events flow, and a SyftBox app's requests", async () => {
      const pool = new SharedMemoryPool({
        name: 'live',
        dir: dir.path,
        role: 'test-process',
      });
      const bus = new MemoryEventBus(pool);
      bus.on('tick', () => undefined, { name: 'ticker' });
      // A SyftBox app with one request waiting (no server answers it).
      const { box, configPath } = await syftBoxWithConfig();
      await place(
        join(
          box.rpcDir('shop'),
          'echo',
          'bob@example.com',
          '00000000-0000-4000-8000-000000000001.request',
        ),
        JSON.stringify({ expires: '2999-01-01T00:00:00+00:00' }),
      );
      const dashboard = spawnShopDashboard(configPath, dir.path, ['live']);
      let timer: NodeJS.Timeout | undefined;
      try {
        const url = await dashboardUrl(dashboard);
        const page = await browser.newPage();
        await page.goto(url);
        await waitFor(
          async () => (await page.textContent('#pool-name')) === 'live',
        );
        const total = async () =>
          Number(await page.textContent('#events-total'));
        const before = await total();

        let sent = 0;
        timer = setInterval(() => {
          for (let i = 0; i < 20; i++) bus.emit('tick', { n: sent++ });
        }, 50);
        await waitFor(async () => (await total()) >= before + 100, {
          timeout: 15_000,
          description: 'the page counting the events',
        });
        await waitFor(
          async () => Number(await page.textContent('#event-rate')) > 0,
          {
            description: 'a rate above zero',
          },
        );
        expect(
          Number(await page.textContent('#handler-calls')),
        ).toBeGreaterThan(0);
        expect(
          Number(await page.textContent('#pool-entries')),
        ).toBeGreaterThanOrEqual(1);
        expect(
          await page.getAttribute('#chart-event-rate polyline', 'points'),
        ).toMatch(/\d+(\.\d+)?,\d/);
        // The tables and the chart agree with this process's own counts, once the events stop.
        clearInterval(timer);
        const handled = () => bus.getHandlerStats().ticker?.calls ?? 0;
        await waitFor(() => handled() === sent, {
          description: 'every event handled here',
        });
        const cells = (row: string) =>
          page.$$eval(`${row} td`, tds => tds.map(td => td.textContent));
        await waitFor(
          async () =>
            (await cells('#handlers tr:first-child'))[1] === String(sent),
          { timeout: 10_000, description: 'the handler table at the count' },
        );
        expect((await cells('#handlers tr:first-child')).slice(0, 5)).toEqual([
          'ticker',
          String(sent),
          '0',
          '0',
          '0',
        ]);
        // This process: one handler, one subscription, every event read, nothing behind.
        const ownRow = () =>
          cells(`#process-list tr:has(td:text-is("${process.pid}"))`);
        await waitFor(async () => (await ownRow())[7] === String(sent), {
          description: 'this process in the list, all events read',
        });
        expect((await ownRow()).slice(1, 3)).toEqual(['test-process', 'alive']);
        expect((await ownRow()).slice(5)).toEqual([
          '1',
          '1',
          String(sent),
          '0 B', // behind the log
          '0',
        ]);
        await waitFor(
          async () =>
            (await page.$('#chart-events polyline[data-series="tick"]')) !==
            null,
          { description: 'the chart drawing "tick"' },
        );
        const xLabels = () =>
          page.$$eval('#chart-events .x-label', texts =>
            texts.map(t => t.textContent),
          );
        expect(await xLabels()).toEqual(['-60 s', '-30 s', 'now']);
        await mkdir(ARTIFACTS, { recursive: true });
        await page.click('.windows button[data-window="900"]');
        await waitFor(
          async () =>
            (await page.getAttribute('#chart-events', 'data-window')) === '900',
          { description: 'the 15 min window' },
        );
        expect(await xLabels()).toEqual(['-15 min', '-7.5 min', 'now']);
        // RPC calls the pool's processes served, as SharedMemoryModule records them.
        for (const status of [200, 200, 200, 404]) {
          bus.recordRpcCall({
            transport: 'memory',
            route: '/orders/{id}',
            sender: 'pid-1',
            statusCode: status,
            durationMs: 1.2,
          });
        }
        await waitFor(async () => (await cells('#rpc tr'))[2] === '4', {
          description: 'the RPC table',
        });
        expect(await cells('#rpc tr')).toEqual([
          'memory',
          '/orders/{id}',
          '4',
          expect.stringMatching(/^\d+\.\d$/),
          '1',
          '200×3 404×1',
          '2.5',
          '2.5',
        ]);
        // The live tail, filtered; the keys with their TTLs, a value only when asked for.
        pool.set('config', { secret: 'hunter-42-secret' }, { ttl: '1h' });
        bus.emit('order.created', { id: 1 });
        await page.fill('#tail-filter', 'order.*');
        await page.press('#tail-filter', 'Enter');
        const tailEvents = () =>
          page.$$eval('#tail tr', rows =>
            rows.map(row => row.cells[2].textContent),
          );
        await waitFor(
          async () => (await tailEvents()).join() === 'order.created',
          { description: 'the tail showing only order.created' },
        );
        const keyRow = () => cells('#keys tr:has(button[data-key="config"])');
        await waitFor(async () => (await keyRow())[0] === 'config', {
          description: 'the config key',
        });
        expect((await keyRow())[3]).toMatch(/^(59|60) min$/);
        expect(await page.textContent('body')).not.toContain('hunter-42');
        await page.click('#keys button[data-key="config"]');
        await waitFor(
          async () =>
            (await page.textContent('#key-value'))?.includes(
              '"secret": "hunter-42-secret"',
            ) ?? false,
          { description: 'the value shown on request' },
        );
        expect(await page.isVisible('#syft-card')).toBe(true);
        await page.click('.windows button[data-window="60"]');
        await page.screenshot({
          path: join(ARTIFACTS, 'dashboard.png'),
          fullPage: true,
        });
        expect(await page.textContent('#syft-app')).toBe('shop');
        expect(await page.textContent('#syft-pending')).toBe('1');
        await page.screenshot({
          path: join(ARTIFACTS, 'dashboard-15min.png'),
          fullPage: true,
        });
        expect(existsSync(join(ARTIFACTS, 'dashboard.png'))).toBe(true);
      } finally {
        clearInterval(timer);
        dashboard.child.kill('SIGTERM');
        expect(await dashboard.exited).toBe(0);
        await bus.close();
        await pool.close();
        await box.remove();
      }
    }, 60_000);

    it('refuses a page whose name was rebound to 127.0.0.1 (DNS rebinding)', async () => {
      const pool = new SharedMemoryPool({ name: 'rebind', dir: dir.path });
      // The attacker's page: evil.example, which its DNS now points at this machine.
      const attacked = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--no-sandbox',
          '--host-resolver-rules=MAP evil.example 127.0.0.1',
        ],
      });
      const dashboard = spawnMvent(['dashboard', 'rebind', '--port', '0'], {
        MVENT_POOL_DIR: dir.path,
      });
      try {
        const url = new URL(await dashboardUrl(dashboard));
        const page = await attacked.newPage();
        const rebound = await page.goto(
          `http://evil.example:${url.port}/api/stats`,
        );
        expect(rebound?.status()).toBe(403);
        expect(await page.textContent('body')).toMatch(/Host not allowed/);
        expect(await page.textContent('body')).not.toContain(dir.path);
        const local = await page.goto(`http://localhost:${url.port}/api/stats`);
        expect(local?.status()).toBe(200);
        expect(await page.textContent('body')).toContain('"rebind"');
      } finally {
        dashboard.child.kill('SIGTERM');
        await dashboard.exited;
        await attacked.close();
        await pool.close();
      }
    }, 60_000);

    it('answers every poll at once with 20,000 requests waiting, from 4 tabs', async () => {
      const pool = new SharedMemoryPool({ name: 'busy', dir: dir.path });
      const { box, configPath } = await syftBoxWithConfig();
      placeWaitingRequests(box, 20_000);
      const dashboard = spawnShopDashboard(configPath, dir.path, ['busy']);
      try {
        const url = await dashboardUrl(dashboard);
        // Four tabs, each polling ten times as fast as the page does.
        const times: number[] = [];
        await Promise.all(
          Array.from({ length: 4 }, async () => {
            for (let poll = 0; poll < 10; poll++) {
              const started = performance.now();
              const stats = (await (await fetch(`${url}api/stats`)).json()) as {
                syft: { pending: number };
              };
              times.push(performance.now() - started);
              expect(stats.syft.pending).toBe(20_000);
            }
          }),
        );
        expect(times).toHaveLength(40);
        // A walk of 20,000 files took 4.8–5.4 s a poll; memory takes milliseconds.
        expect(Math.max(...times)).toBeLessThan(1000);
      } finally {
        dashboard.child.kill('SIGTERM');
        await dashboard.exited;
        await pool.close();
        await box.remove();
      }
    }, 90_000);
  },
);
