import { fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { SyftBoxURL, SyftRpcClient } from '@mvent/syft-events';
import { APP_NAME } from './app.module';

/**
 * The demo: starts the server in its own process, then calls each endpoint with the RPC
 * client, through files in the SyftBox folder, and prints what came back.
 */
async function main(): Promise<void> {
  const server = fork(join(__dirname, 'server.js'), { stdio: 'inherit' });
  await new Promise<void>((resolve, reject) => {
    server.once('message', () => resolve());
    server.once('exit', code =>
      reject(new Error(`the server exited with ${code}`)),
    );
  });
  const client = new SyftRpcClient();
  if (client.config.source === 'embedded') {
    console.log(
      `No SyftBox client here, so the demo uses mvent's embedded SyftBox folder ${client.config.dataDir} ` +
        `(kept between runs). The encrypted call below creates ${client.email}'s X3DH keys: the private ` +
        `key in ${dirname(client.config.dataDir)}/.syftbox/<hash>/pvt.jwks.json (mode 0600, where ` +
        'syft-crypto keeps it), the public bundle in the datasite. Remove both to start afresh; ' +
        '`mvent syft keys` shows them.',
    );
  }
  const url = (endpoint: string) =>
    SyftBoxURL.forEndpoint(client.email, APP_NAME, endpoint);
  const calls: [string, string, unknown][] = [
    ['add', 'POST', { a: 2, b: 40 }],
    ['add', 'POST', { a: 'two' }],
    ['greet', 'POST', { name: 'Ada', language: 'fr' }],
    ['greet', 'POST', { name: 'Ada', language: 'xx' }],
    ['notes/2', 'GET', undefined],
    ['whoami', 'GET', undefined],
    ['nope', 'GET', undefined],
  ];
  try {
    for (const [endpoint, method, body] of calls) {
      const started = process.hrtime.bigint();
      const response = await client.send(url(endpoint), {
        method: method as 'GET' | 'POST',
        body,
        timeout: '10s',
      });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      console.log(
        `${method} /${endpoint} -> ${response.statusCode} ${response.text()} (${ms.toFixed(1)} ms)`,
      );
    }
    // X3DH end to end: the body is encrypted on disk both ways (keys are created on first use).
    const secret = await client.send(url('secret'), {
      method: 'POST',
      body: { text: 'the pears are ripe' },
      encrypt: true,
      timeout: '10s',
    });
    console.log(
      `POST /secret (encrypted) -> ${secret.statusCode} ${secret.text()} (reply encrypted: ${secret.encrypted})`,
    );
  } finally {
    client.close();
    server.kill('SIGTERM');
  }
  const how = await new Promise<string>(resolve =>
    server.once('exit', (code, signal) => resolve(signal ?? `exit ${code}`)),
  );
  console.log(`server stopped (${how})`);
}

main().catch((error: Error) => {
  console.error(error);
  process.exitCode = 1;
});
