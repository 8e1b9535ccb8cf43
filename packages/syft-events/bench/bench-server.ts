/**
 * The server process of the benchmark: `SyftEvents` serving `/echo` (the body back) for the
 * SyftBox given as JSON in argv[2]. It says `ready` over IPC and stops on `stop`.
 */
import { Logger, Response } from '@mvent/core';
import type { SyftBoxConfig } from '../src';
import { SyftEvents } from '../src';

async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  const config = JSON.parse(process.argv[2]) as SyftBoxConfig;
  const app = new SyftEvents('bench', { config, publishSchema: false });
  app.onRequest('/echo', request => new Response(request.body, 200));
  app.onRequest('/secure', request => new Response(request.body, 200), {
    encryptReply: true,
  });
  await app.start();
  process.send!('ready');
  process.on('message', () => {
    void app.stop().then(() => {
      process.send!(app.getStats(), () => process.exit(0));
    });
  });
}

void main();
