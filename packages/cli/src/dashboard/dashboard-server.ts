import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  HOST_REFUSED_TEXT,
  isAllowedHost,
  sumStatsForTotals,
} from '@mvent/metrics';
import type { MemoryEventBus } from '@mvent/shared-memory';
import type { SyftBoxConfig } from '@mvent/syft-events';
import { appDataDir, RequestCounter } from '@mvent/syft-events';
import { readDashboardStats, userEvents } from './dashboard-stats';
import { EventHistory } from './event-history';
import { DASHBOARD_PAGE } from './dashboard-page';

/** A running dashboard. */
export interface Dashboard {
  url: string;
  close(): Promise<void>;
}

/** Serves the dashboard page and its `/api/stats` for `bus`'s pool (and `syft.app`). */
export async function startDashboard(
  bus: MemoryEventBus,
  options: {
    port: number;
    host: string;
    /** Names besides IP addresses and localhost that the page may be reached by. */
    allowedHosts?: string[];
    syft?: { app: string; config: SyftBoxConfig };
  },
): Promise<Dashboard> {
  const syft = options.syft && {
    app: options.syft.app,
    requests: new RequestCounter(
      join(appDataDir(options.syft.config, options.syft.app), 'rpc'),
    ),
  };
  await syft?.requests.start();
  // Sampled here, once a second, so that the page can show up to an hour from when it opens.
  const history = new EventHistory();
  const sample = () =>
    history.record(
      Date.now(),
      Object.fromEntries(userEvents(sumStatsForTotals(bus).events)),
    );
  sample();
  const sampler = setInterval(sample, 1000);
  sampler.unref();
  const server = createServer((request, response) => {
    if (!isAllowedHost(request.headers.host, options.allowedHosts)) {
      response.writeHead(403).end(HOST_REFUSED_TEXT);
      return;
    }
    const path = request.url?.split('?')[0];
    if (path === '/') {
      response
        .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
        .end(DASHBOARD_PAGE);
    } else if (path === '/api/stats') {
      try {
        // Read from memory: no file is walked per poll, however many requests wait.
        const stats = readDashboardStats(bus, syft);
        response
          .writeHead(200, { 'Content-Type': 'application/json' })
          .end(JSON.stringify(stats));
      } catch (error) {
        response
          .writeHead(500)
          .end(JSON.stringify({ error: (error as Error).message }));
      }
    } else if (path === '/api/history') {
      const window = Number(
        new URL(request.url ?? '', 'http://x').searchParams.get('window'),
      );
      const seconds = [60, 900, 3600].includes(window) ? window : 60;
      response
        .writeHead(200, { 'Content-Type': 'application/json' })
        .end(JSON.stringify(history.rates(seconds)));
    } else {
      response.writeHead(404).end('Not found\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}/`,
    close: () =>
      new Promise(resolve => {
        clearInterval(sampler);
        syft?.requests.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
