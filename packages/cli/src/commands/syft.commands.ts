import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { RequestEntry, SyftMethod } from '@mvent/syft-events';
import {
  appDataDir,
  listRequests,
  loadSyftBoxConfig,
  PeriodicCleanup,
  SyftRpcClient,
} from '@mvent/syft-events';
import { CliError, parseJson } from '../cli-error';
import { escapeControls, print, progressBar, table } from '../output';
import { registerSyftKeysCommands } from './syft-keys.commands';

/** `mvent syft send|ls|cleanup|keys`. */
export function registerSyftCommands(program: Command): void {
  const config = () =>
    loadSyftBoxConfig(program.opts<{ config?: string }>().config);
  /** The app's `rpc/`, or a CliError saying there is no such app here. */
  const existingRpcDir = (app: string) => {
    const dir = join(appDataDir(config(), app), 'rpc');
    if (!existsSync(dir)) {
      throw new CliError(
        `no app ${JSON.stringify(app)} in this datasite: ${dir} does not exist (is the name right, and has the app run once?)`,
      );
    }
    return dir;
  };
  const syft = program
    .command('syft')
    .description('SyftBox file RPC: send, list and clean requests; keys');
  registerSyftKeysCommands(syft, config);

  syft
    .command('send <url>')
    .description(
      'sends a request through the SyftBox folder and prints the status and body; exit 1 for 400 or more',
    )
    .option('--body <json>', 'the request body, as JSON')
    .option('--method <method>', 'the request method', 'POST')
    .option('--timeout <duration>', 'how long to wait (30s, 5m)', '1m')
    .option(
      '-H, --header <name:value...>',
      'a request header, as curl takes it (repeat for more)',
    )
    .action(
      async (
        url: string,
        options: {
          body?: string;
          method: string;
          timeout: string;
          header?: string[];
        },
      ) => {
        const body =
          options.body === undefined
            ? undefined
            : parseJson(options.body, '--body');
        const client = new SyftRpcClient({ config: config() });
        try {
          const response = await client.send(url, {
            method: options.method.toUpperCase() as SyftMethod,
            body,
            timeout: options.timeout,
            headers: parseHeaders(options.header ?? []),
          });
          print(`${response.statusCode} ${response.text()}`);
          if (response.statusCode >= 400)
            throw new CliError(`${url} answered ${response.statusCode}`);
        } finally {
          client.close();
        }
      },
    );

  syft
    .command('ls <app>')
    .description("the app's request files: pending, answered and expired")
    .option('--json', 'one JSON object per line')
    .action(async (app: string, options: { json?: boolean }) => {
      const dir = existingRpcDir(app);
      const entries: RequestEntry[] = [];
      for await (const entry of listRequests(dir)) entries.push(entry);
      if (options.json) {
        // JSON Lines on stdout (none when empty); the word for a person goes to stderr.
        if (entries.length === 0) {
          process.stderr.write(
            `mvent: no request files in app "${escapeControls(app)}"\n`,
          );
        }
        return print(...entries.map(entry => JSON.stringify(entry)));
      }
      const count = (state: string) =>
        entries.filter(e => e.state === state).length;
      print(
        ...table([
          ['STATE', 'ENDPOINT', 'SENDER', 'ID'],
          ...entries.map(e => [e.state, e.endpoint, e.sender, e.id]),
        ]),
        `${count('pending')} pending, ${count('answered')} answered, ${count('expired')} expired`,
      );
    });

  syft
    .command('cleanup <app>')
    .description('removes old requests, responses and markers of the app now')
    .option(
      '--expiry <duration>',
      'files older than this are removed (7d, 12h)',
      '30d',
    )
    .option('--progress', 'draw a progress bar (the default on a terminal)')
    .action(
      async (app: string, options: { expiry: string; progress?: boolean }) => {
        const dir = existingRpcDir(app);
        const total = (await readdir(dir, { recursive: true }).catch(() => []))
          .length;
        const bar = progressBar(
          total,
          options.progress ?? process.stderr.isTTY,
        );
        const cleanup = new PeriodicCleanup({
          appName: app,
          config: config(),
          cleanupExpiry: options.expiry,
          onProgress: seen => bar.update(seen),
          logger: {
            log() {},
            warn() {},
            error: message => process.stderr.write(`${String(message)}\n`),
          },
        });
        const stats = await cleanup.cleanupNow();
        bar.end();
        print(
          `removed ${stats.requestsDeleted} request(s), ${stats.responsesDeleted} response(s), ` +
            `${stats.markersDeleted} marker(s) and ${stats.foldersDeleted} empty folder(s) older than ${options.expiry}` +
            (stats.errors > 0 ? `; ${stats.errors} could not be removed` : ''),
        );
      },
    );
}

/** `["Authorization: Bearer x"]` → `{ Authorization: 'Bearer x' }`, as curl's `-H`. */
function parseHeaders(lines: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) {
      throw new CliError(
        `-H ${JSON.stringify(line)}: a header is "Name: value"`,
        2,
      );
    }
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}
