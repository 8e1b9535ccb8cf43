import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { HOST_REFUSED_TEXT, isAllowedHost } from '@mvent/metrics';
import type { MemoryEventBus } from '@mvent/shared-memory';
import type { SyftBoxConfig } from '@mvent/syft-events';
import { appDataDir, RequestCounter } from '@mvent/syft-events';
import { readDashboardStats } from './dashboard-stats';
import {
  graphRows,
  keyRows,
  keyValueText,
  tailRows,
} from './dashboard-inspect';
import { DASHBOARD_PAGE } from './dashboard-page';
import { PoolView } from './pool-view';

/** A running dashboard. */
export interface Dashboard {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the dashboard page and its JSON endpoints for the pools of `buses` (the page
 * chooses one with `?pool=`; the first by default) and for `syft.app`'s requests.
 */
export async function startDashboard(
  buses: MemoryEventBus[],
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
  const views = buses.map(bus => new PoolView(bus));
  /** The page's JSON endpoints, for the view of `?pool=`; a `TypeError` answers 400. */
  const api: Record<
    string,
    (query: URLSearchParams, view: PoolView) => unknown
  > = {
    '/api/pools': () => views.map(view => view.name),
    // Read from memory: no file is walked per poll, however many requests wait.
    '/api/stats': (_, view) => readDashboardStats(view.bus, syft),
    '/api/history': (query, view) => {
      const window = Number(query.get('window'));
      return view.history.rates([60, 900, 3600].includes(window) ? window : 60);
    },
    '/api/tail': (query, view) =>
      tailRows(
        view.bus.pool,
        query.get('filter') || '**',
        Number(query.get('after') ?? -1),
      ),
    '/api/keys': (_, view) => keyRows(view.bus.pool),
    // A value leaves the pool only when the page asks for that key.
    '/api/key': (query, view) => ({
      value: keyValueText(view.bus.pool, query.get('name') ?? ''),
    }),
    '/api/graph': (_, view) => graphRows(view.bus.pool),
  };
  const viewOf = (name: string | null) =>
    name === null ? views[0] : views.find(view => view.name === name);
  const server = createServer((request, response) => {
    if (!isAllowedHost(request.headers.host, options.allowedHosts)) {
      response.writeHead(403).end(HOST_REFUSED_TEXT);
      return;
    }
    const url = new URL(request.url ?? '/', 'http://dashboard');
    const endpoint = Object.hasOwn(api, url.pathname)
      ? api[url.pathname]
      : undefined;
    const view = viewOf(url.searchParams.get('pool'));
    if (url.pathname === '/') {
      response
        .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
        .end(DASHBOARD_PAGE);
    } else if (endpoint && !view) {
      response.writeHead(404).end(JSON.stringify({ error: 'no such pool' }));
    } else if (endpoint) {
      try {
        const body = JSON.stringify(endpoint(url.searchParams, view!));
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
        views.forEach(view => view.close());
        syft?.requests.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
