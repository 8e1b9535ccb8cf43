import { fork } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { MventFactory } from '@mvent/core';
import { MemoryRpcClient, SharedMemoryPool } from '@mvent/shared-memory';
import { lastValueFrom, tap, toArray } from 'rxjs';
import { AppModule } from './app.module';

/**
 * The demo: a server process serves the shop's routes over shared memory; this process
 * calls them, including a validation error, an unknown route and a streamed countdown.
 */
async function main(): Promise<void> {
  const pool = `sample-05-${process.pid}`;
  const server = fork(join(__dirname, 'server.js'), [pool]);
  await new Promise(resolve => server.once('message', resolve));

  const app = await MventFactory.create(AppModule.forPool(pool, false), {
    logger: ['error'],
  });
  await app.init();
  const client = app.get(MemoryRpcClient);
  console.log(`routes: ${JSON.stringify(client.getRoutes().map(r => r.path))}`);
  const calls: [string, string, unknown][] = [
    ['POST', '/shop/quote', { item: 'pear', quantity: 4 }],
    ['POST', '/shop/quote', { item: 'kiwi', quantity: 0 }],
    ['GET', '/shop/prices/plum', undefined],
    ['GET', '/shop/prices/kiwi', undefined],
    ['GET', '/shop/nope', undefined],
  ];
  for (const [method, path, body] of calls) {
    const started = process.hrtime.bigint();
    const response = await client.send(path, { method, body });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(
      `${method} ${path} -> ${response.statusCode} ${JSON.stringify(response.body)} (${ms.toFixed(2)} ms)`,
    );
  }
  const countdown = await lastValueFrom(
    client.stream<number>('/shop/countdown?from=5').pipe(
      tap(n => console.log(`countdown ${n}`)),
      toArray(),
    ),
  );
  console.log(`stream complete: ${countdown.length} chunks`);

  const path = app.get(SharedMemoryPool).path;
  server.send('stop');
  await new Promise(resolve => server.once('exit', resolve));
  await app.close();
  rmSync(path, { recursive: true, force: true });
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
