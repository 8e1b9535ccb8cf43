import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HOST_REFUSED_TEXT, isAllowedHost } from '@mvent/metrics';
import type { MemoryEventBus } from '@mvent/shared-memory';
import type { SyftBoxConfig } from '@mvent/syft-events';
import { readDashboardStats } from './dashboard-stats';
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
      readDashboardStats(bus, options.syft).then(
        stats =>
          response
            .writeHead(200, { 'Content-Type': 'application/json' })
            .end(JSON.stringify(stats)),
        (error: Error) =>
          response.writeHead(500).end(JSON.stringify({ error: error.message })),
      );
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
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
