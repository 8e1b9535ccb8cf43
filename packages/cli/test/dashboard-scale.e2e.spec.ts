import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { Logger } from '@mvent/core';
import { SharedMemoryPool } from '@mvent/shared-memory';
import { createTempDir, waitFor } from '@mvent/testing';
import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import {
  ARTIFACTS,
  CHROMIUM,
  dashboardUrl,
  placeWaitingRequests,
  spawnShopDashboard,
  haveChromium,
  syftBoxWithConfig,
} from './dashboard-support';

const PROCESSES = 20;
const NAMES_PER_PROCESS = 5;
const REQUESTS = 10_000;

/** A plain-JavaScript process on the pool (fixtures/scale-worker.js), once it emitted its names. */
async function startScaleWorker(
  dir: string,
  first: number,
): Promise<ChildProcess> {
  const child = fork(
    join(__dirname, 'fixtures', 'scale-worker.js'),
    ['scale', dir, String(first), String(NAMES_PER_PROCESS)],
    { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] },
  );
  await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', code =>
      reject(new Error(`scale worker exited with ${code}`)),
    );
  });
  return child;
}

(haveChromium ? describe : describe.skip)('mvent dashboard at scale', () => {
  it(`renders ${PROCESSES} processes, ${PROCESSES * NAMES_PER_PROCESS} event names and ${REQUESTS} SyftBox requests`, async () => {
    Logger.overrideLogger(false);
    const dir = await createTempDir('mvent-dashboard-scale-');
    const pool = new SharedMemoryPool({ name: 'scale', dir: dir.path });
    const { box, configPath } = await syftBoxWithConfig();
    placeWaitingRequests(box, REQUESTS);
    const workers = await Promise.all(
      Array.from({ length: PROCESSES }, (_, w) =>
        startScaleWorker(dir.path, w * NAMES_PER_PROCESS),
      ),
    );
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox'],
    });
    const dashboard = spawnShopDashboard(configPath, dir.path, ['scale']);
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', error => errors.push(error.message));
      await page.goto(await dashboardUrl(dashboard));
      const rows = (id: string) => page.$$eval(`#${id} tr`, r => r.length);
      const listedPids = () =>
        page.$$eval('#process-list tr', r =>
          r.map(row => Number(row.cells[0].textContent)),
        );
      // Every worker, each with its one subscription (this test process has none).
      await waitFor(
        async () => {
          const listed = await listedPids();
          return workers.every(worker => listed.includes(worker.pid!));
        },
        { timeout: 20_000, description: `all ${PROCESSES} workers listed` },
      );
      await waitFor(
        async () =>
          (await page.textContent('#keys-total')) ===
          String(PROCESSES * NAMES_PER_PROCESS),
        { timeout: 10_000, description: 'every event name as a key' },
      );
      expect(await page.textContent('#syft-pending')).toBe(String(REQUESTS));
      await waitFor(async () => (await page.$$('#legend span')).length === 6, {
        description: 'the chart with all events and the 5 busiest names',
      });
      expect(await rows('tail')).toBe(50); // the last 50 at first, then as they come
      expect(errors).toEqual([]);
      await page.screenshot({
        path: join(ARTIFACTS, 'dashboard-scale.png'),
        fullPage: true,
      });
    } finally {
      dashboard.child.kill('SIGTERM');
      await dashboard.exited;
      await browser.close();
      for (const worker of workers) worker.kill('SIGKILL');
      await pool.close();
      await box.remove();
      await dir.remove();
    }
  }, 120_000);
});
