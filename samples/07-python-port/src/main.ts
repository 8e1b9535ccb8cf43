/**
 * Runs every port in the order of the Python documents, each under a heading, then exits.
 * The SyftBox is found as syft-core finds it (or the embedded one); the pools are in a
 * temporary folder (or MVENT_POOL_DIR).
 */
import { Logger } from '@mvent/core';
import { SyftRpcClient } from '@mvent/syft-events';
import * as advanced from './mvent/advanced-examples';
import * as reference from './mvent/api-reference';
import * as mvent from './mvent/full-example';
import * as cleanup from './syft-event/automatic-cleanup';
import * as basic from './syft-event/basic-rpc-server';
import { call } from './syft-event/call';
import * as docs from './syft-event/documentation-examples';
import * as monitoring from './syft-event/file-system-monitoring';
import { schemaAndUrls } from './syft-event/schema-and-urls';
import * as routers from './syft-event/using-routers';
import { runFileMonitoring } from './syft-event/run-file-monitoring';

const section = (title: string) => console.log(`\n--- ${title} ---`);

async function main(): Promise<void> {
  Logger.overrideLogger(['error']); // the ports print; the servers' info logs would interleave
  section('mvent: Basic Usage, Multiple Handlers, Using TTL');
  await mvent.basicUsage();
  section('mvent: Full Example');
  await mvent.fullExample();
  section('mvent: InMemoryHTTPManager');
  await advanced.inMemoryHttp();
  section('mvent: StreamingEvent');
  await advanced.streamingEvent();
  section('mvent: SocketsManager');
  await advanced.socketsManager();
  section('mvent: Monitoring and Security');
  await advanced.monitoringAndSecurity();
  section('mvent: SharedMemoryPool and EventManager');
  await reference.sharedMemoryPool();
  await reference.eventManager();

  const client = new SyftRpcClient();
  try {
    section('syft-event: Basic RPC Server');
    await basic.box.start();
    await call(client, basic.box, 'hello', { body: { name: 'Ada' } });
    await call(client, basic.box, 'calculate', { body: { a: 6, b: 7 } });
    await call(client, basic.box, 'calculate', {
      body: { a: 6, b: 7, operation: 'multiply' },
    });
    console.log(
      'calculate with operation "divide" throws on purpose: the server logs the ERROR below, with its stack, as syft-event does, and answers 500',
    );
    await call(client, basic.box, 'calculate', {
      body: { a: 6, b: 7, operation: 'divide' },
    });
    await basic.box.stop();

    section('syft-event: File System Monitoring');
    await runFileMonitoring(monitoring.box);

    section(
      'syft-event: Using Routers, Async Request Handlers, Advanced Usage',
    );
    const r = routers.box;
    await r.start();
    await call(client, r, 'api/v1/users/profile', { body: { user_id: 'u1' } });
    await call(client, r, 'api/v1/users/settings');
    await call(client, r, 'async-task', { body: { task_id: 't1' } });
    await call(client, r, 'custom-response');
    await call(client, r, 'increment');
    await call(client, r, 'increment');
    await r.stop();

    section('syft-event: Automatic Cleanup Configuration');
    await cleanup.placeOldFiles();
    await cleanup.serverCleanup();
    await cleanup.placeOldFiles();
    await cleanup.standaloneCleanup();

    section('syft-event: documentation examples');
    const d = docs.box;
    await d.start();
    await call(client, d, 'users');
    await call(client, d, 'data/7');
    await call(client, d, 'echo', { method: 'POST', body: 'Hello, World!' });
    await call(client, d, 'calculate', {
      method: 'POST',
      body: { a: 2, b: 3 },
    });
    await call(client, d, 'calculate', { method: 'POST' });
    await call(client, d, 'items', { method: 'POST' });
    await call(client, d, 'items', { method: 'DELETE' });
    await call(client, d, 'users/bob@example.com/profile');
    await call(client, d, 'api/v2/anything/else');
    await call(client, d, 'protected');
    await call(client, d, 'protected', {
      headers: { Authorization: 'Bearer t0ken' },
    });
    await call(client, d, 'api/create', {
      method: 'POST',
      body: { name: 'x' },
    });
    await call(client, d, 'async/job', { method: 'POST' });
    await d.stop();
    schemaAndUrls();
  } finally {
    client.close();
  }
  section('done');
}

main().catch((error: Error) => {
  console.error(error);
  process.exitCode = 1;
});
