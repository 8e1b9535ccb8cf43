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
import { keyRows, keyValueText, tailRows } from './dashboard-inspect';
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
  /** The page's JSON endpoints; a `TypeError` (a bad pattern) answers 400. */
  const api: Record<string, (query: URLSearchParams) => unknown> = {
    // Read from memory: no file is walked per poll, however many requests wait.
    '/api/stats': () => readDashboardStats(bus, syft),
    '/api/history': query => {
      const window = Number(query.get('window'));
      return history.rates([60, 900, 3600].includes(window) ? window : 60);
    },
    '/api/tail': query =>
      tailRows(
        bus.pool,
        query.get('filter') || '**',
        Number(query.get('after')) || 0,
      ),
    '/api/keys': () => keyRows(bus.pool),
    // A value leaves the pool only when the page asks for that key.
    '/api/key': query => ({
      value: keyValueText(bus.pool, query.get('name') ?? ''),
    }),
  };
  const server = createServer((request, response) => {
    if (!isAllowedHost(request.headers.host, options.allowedHosts)) {
      response.writeHead(403).end(HOST_REFUSED_TEXT);
      return;
    }
    const url = new URL(request.url ?? '/', 'http://dashboard');
    const endpoint = api[url.pathname];
    if (url.pathname === '/') {
      response
        .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
        .end(DASHBOARD_PAGE);
    } else if (endpoint) {
      try {
        const body = JSON.stringify(endpoint(url.searchParams));
        response
          .writeHead(200, { 'Content-Type': 'application/json' })
          .end(body);
      } catch (error) {
        response
          .writeHead(error instanceof TypeError ? 400 : 500)
          .end(JSON.stringify({ error: (error as Error).message }));
      }
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
