import type { Command } from 'commander';
import { MemoryRpcClient } from '@mvent/shared-memory';
import { CliError, parseJson } from '../cli-error';
import { print, table } from '../output';
import { poolsDirectory, withBus } from '../pools';

/** `mvent rpc routes|send` (memory RPC). */
export function registerRpcCommands(program: Command): void {
  const dir = () => poolsDirectory(program.opts<{ dir?: string }>().dir);
  const rpc = program
    .command('rpc')
    .description("memory RPC on a pool's processes");

  rpc
    .command('routes <pool>')
    .description('the routes served by live processes, with their pids')
    .action((pool: string) =>
      withBus(dir(), pool, bus => {
        const client = new MemoryRpcClient(bus);
        const routes = client.getRoutes();
        client.close();
        if (routes.length === 0) return print(`no routes in ${pool}`);
        print(
          ...table([
            ['ROUTE', 'PIDS'],
            ...routes.map(r => [r.path, r.pids.join(',')]),
          ]),
        );
      }),
    );

  rpc
    .command('send <pool> <path>')
    .description(
      'calls a route and prints the status and body; exit 1 for a status of 400 or more',
    )
    .option('--body <json>', 'the request body, as JSON')
    .option('--method <method>', 'the request method', 'POST')
    .option('--timeout <seconds>', 'how long to wait', Number, 30)
    .action(
      (
        pool: string,
        path: string,
        options: { body?: string; method: string; timeout: number },
      ) => {
        const body =
          options.body === undefined
            ? undefined
            : parseJson(options.body, '--body');
        return withBus(dir(), pool, async bus => {
          const client = new MemoryRpcClient(bus);
          try {
            const response = await client.send(path, {
              method: options.method.toUpperCase(),
              body,
              timeout: options.timeout * 1000,
            });
            print(`${response.statusCode} ${JSON.stringify(response.body)}`);
            if (response.statusCode >= 400)
              throw new CliError(`${path} answered ${response.statusCode}`);
          } finally {
            client.close();
          }
        });
      },
    );
}
