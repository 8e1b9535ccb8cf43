import type { Command } from 'commander';
import { loadSyftBoxConfig } from '@mvent/syft-events';
import { startDashboard } from '../dashboard/dashboard-server';
import { print } from '../output';
import { poolsDirectory, withBuses } from '../pools';

/** `mvent dashboard [pools...] [--app APP] [--port N]`: a live local web page. */
export function registerDashboardCommand(program: Command): void {
  program
    .command('dashboard [pools...]')
    .description(
      'serves a live web page of the pools (all of them by default, and a SyftBox app) until Ctrl-C',
    )
    .option('--port <port>', 'the port (0: any free one)', Number, 7700)
    .option('--host <host>', 'the interface to listen on', '127.0.0.1')
    .option('--app <app>', "also show this SyftBox app's requests")
    .option(
      '--allow-host <names...>',
      'host names to answer besides IP addresses and localhost (a DNS-rebinding guard)',
    )
    .action(
      (
        pools: string[],
        options: {
          port: number;
          host: string;
          app?: string;
          allowHost?: string[];
        },
      ) =>
        withBuses(
          poolsDirectory(program.opts<{ dir?: string }>().dir),
          pools,
          async buses => {
            const config = program.opts<{ config?: string }>().config;
            const dashboard = await startDashboard(buses, {
              port: options.port,
              host: options.host,
              allowedHosts: options.allowHost,
              syft: options.app
                ? { app: options.app, config: loadSyftBoxConfig(config) }
                : undefined,
            });
            const names = buses.map(bus => bus.pool.name).join(', ');
            print(`dashboard of ${names} at ${dashboard.url} (Ctrl-C to stop)`);
            await new Promise(resolve => {
              process.once('SIGINT', resolve);
              process.once('SIGTERM', resolve);
            });
            await dashboard.close();
          },
        ),
    );
}
