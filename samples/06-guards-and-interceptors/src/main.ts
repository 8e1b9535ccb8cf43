import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditRecord } from '@mvent/core';
import {
  MemoryEventBus,
  MemoryRpcClient,
  SharedMemoryPool,
} from '@mvent/shared-memory';
import { SyftBoxURL, SyftRpcClient } from '@mvent/syft-events';
import type { DemoSettings } from './app.module';
import { APP_NAME } from './app.module';

type Call = (
  method: string,
  endpoint: string,
  options: { body?: unknown; token?: string },
) => Promise<{ statusCode: number; body: string }>;

/** The same calls over both transports: refused, accepted, invalid, slow, crashing, throttled. */
async function exercise(transport: string, call: Call): Promise<void> {
  const ada = 'ada-secret-token';
  const calls: [string, string, { body?: unknown; token?: string }][] = [
    ['GET', 'notes/list', {}],
    ['POST', 'notes/add', { body: { text: 'buy milk' }, token: ada }],
    ['POST', 'notes/add', { body: { text: '' }, token: ada }],
    ['GET', 'notes/list', { token: ada }],
    ['GET', 'notes/report', { token: ada }],
    ['GET', 'notes/crash', { token: ada }],
    ['POST', 'notes/add', { body: { text: 'call Bob' }, token: ada }],
    ['POST', 'notes/add', { body: { text: 'one too many' }, token: ada }],
  ];
  for (const [method, endpoint, options] of calls) {
    if (endpoint === 'notes/crash') {
      console.log(
        `(over ${transport}, notes/crash throws on purpose: the filter logs the ERROR with a reference, and the caller gets only the reference)`,
      );
    }
    const { statusCode, body } = await call(method, endpoint, options);
    console.log(
      `[${transport}] ${method} /${endpoint} -> ${statusCode} ${body}`,
    );
  }
}

const headersOf = (token?: string): Record<string, string> =>
  token ? { Authorization: `Bearer ${token}` } : {};

/**
 * The demo: a server process serves the notes over SyftBox files and memory RPC; this
 * process calls the same routes both ways, then reads the audit log.
 */
async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mvent-sample-06-'));
  const datasites = join(dir, 'datasites');
  mkdirSync(datasites);
  const settings: DemoSettings = {
    syftbox: {
      email: 'alice@example.com',
      dataDir: dir,
      datasites,
      source: 'sample',
    },
    pool: `sample-06-${process.pid}`,
    poolDir: process.env.MVENT_POOL_DIR,
    auditPath: join(dir, 'audit.jsonl'),
  };
  const server = fork(join(__dirname, 'server.js'), [JSON.stringify(settings)]);
  await new Promise(resolve => server.once('message', resolve));

  const syft = new SyftRpcClient({ config: settings.syftbox });
  await exercise('syft', async (method, endpoint, { body, token }) => {
    const url = SyftBoxURL.forEndpoint(syft.email, APP_NAME, endpoint);
    const response = await syft.send(url, {
      method: method as 'GET' | 'POST',
      body,
      headers: headersOf(token),
      timeout: '10s',
    });
    return { statusCode: response.statusCode, body: response.text() };
  });

  const pool = new SharedMemoryPool({
    name: settings.pool,
    dir: settings.poolDir,
  });
  const bus = new MemoryEventBus(pool);
  await bus.ready;
  const memory = new MemoryRpcClient(bus, { sender: 'demo-client' });
  await exercise('memory', async (method, endpoint, { body, token }) => {
    const response = await memory.send(`/${endpoint}`, {
      method,
      body,
      headers: headersOf(token),
    });
    return {
      statusCode: response.statusCode,
      body: JSON.stringify(response.body),
    };
  });

  memory.close();
  syft.close();
  await bus.close();
  const poolPath = pool.path;
  await pool.close();
  server.send('stop');
  await new Promise(resolve => server.once('exit', resolve));

  const records = readFileSync(settings.auditPath, 'utf8')
    .trim()
    .split('\n')
    .map(line => JSON.parse(line) as AuditRecord);
  for (const transport of ['syft', 'memory']) {
    const statuses = records
      .filter(record => record.transport === transport)
      .map(record => record.status);
    console.log(`audit ${transport}: ${statuses.join(' ')}`);
  }
  rmSync(dir, { recursive: true, force: true });
  rmSync(poolPath, { recursive: true, force: true });
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
