/**
 * `npm run bench -w @mvent/syft-events`: file RPC between a client (this process) and a
 * `SyftEvents` server in a child process, on a temporary SyftBox folder: round trip, four
 * concurrent clients, 1 MB bodies, a 10k backlog at start, and service during a flood of
 * malformed files. Printed beside design.md's anchors and, measured in the same run, a
 * client that polls every 100 ms as Python syft-rpc does.
 */
import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { access, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile } from '@mvent/testing';
import type { SyftBoxConfig, SyftRequest } from '../src';
import {
  formatRequest,
  parseResponse,
  SyftBoxURL,
  SyftRpcClient,
  SyftTimestamp,
} from '../src';

const ROOT = join(__dirname, '../../..');
// The SyftBox folder one level down: private keys go beside it, in `<root>/.syftbox`.
const root = mkdtempSync(join(tmpdir(), 'mvent-syft-bench-'));
const dataDir = join(root, 'SyftBox');
const config: SyftBoxConfig = {
  email: 'alice@example.com',
  dataDir,
  datasites: join(dataDir, 'datasites'),
  source: 'bench',
};
const ECHO = SyftBoxURL.forEndpoint(config.email, 'bench', 'echo');
const SECURE = SyftBoxURL.forEndpoint(config.email, 'bench', 'secure');
const echoFolder = join(ECHO.toLocalPath(config.datasites));
const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
const elapsed = (start: bigint) =>
  Number(process.hrtime.bigint() - start) / 1e6;
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

function client(sender: string): SyftRpcClient {
  return new SyftRpcClient({ config: { ...config, email: sender } });
}

async function startServer(): Promise<ChildProcess> {
  const child = fork(
    join(__dirname, 'bench-server.ts'),
    [JSON.stringify(config)],
    {
      execArgv: ['-r', '@swc-node/register'],
      env: {
        ...process.env,
        SWC_NODE_PROJECT: join(ROOT, 'tsconfig.test.json'),
      },
    },
  );
  await new Promise(resolve => child.once('message', resolve));
  return child;
}

async function stopServer(
  child: ChildProcess,
): Promise<Record<string, unknown>> {
  const stats = new Promise<Record<string, unknown>>(resolve =>
    child.once('message', m => resolve(m as Record<string, unknown>)),
  );
  child.send('stop');
  return stats;
}

function request(sender: string, body: Buffer | null): SyftRequest {
  const now = SyftTimestamp.now();
  return {
    id: randomUUID(),
    sender,
    url: ECHO.toString(),
    body,
    headers: {},
    created: now,
    expires: now.plus(3_600_000),
    method: 'POST',
  };
}

/** Python syft-rpc's way: a plain (non-atomic) write, then a look every 100 ms. */
async function pollingRoundTrip(sender: string): Promise<number> {
  const req = request(sender, Buffer.from('{"x":1}'));
  const folder = join(echoFolder, sender);
  mkdirSync(folder, { recursive: true });
  const start = process.hrtime.bigint();
  await writeFile(join(folder, `${req.id}.request`), formatRequest(req));
  for (;;) {
    const found = await access(join(folder, `${req.id}.response`)).then(
      () => true,
      () => false,
    );
    if (found) {
      parseResponse(await readFile(join(folder, `${req.id}.response`), 'utf8'));
      return elapsed(start);
    }
    await sleep(100);
  }
}

/** Sequential round trips, plaintext to `/echo` or X3DH both ways to `/secure`. */
async function roundTrips(count: number, encrypt = false): Promise<number[]> {
  const bob = client('bob@example.com');
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    const response = await bob.send(encrypt ? SECURE : ECHO, {
      method: 'POST',
      body: { i },
      encrypt,
    });
    if (response.statusCode !== 200 || response.json<{ i: number }>()?.i !== i)
      throw new Error(`status ${response.statusCode}`);
    times.push(elapsed(start));
  }
  bob.close();
  return times;
}

async function concurrentClients(
  clients: number,
  each: number,
): Promise<number> {
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      const caller = client(`caller${c}@example.com`);
      for (let i = 0; i < each; i++)
        await caller.send(ECHO, { method: 'POST', body: { c, i } });
      caller.close();
    }),
  );
  return (clients * each) / (elapsed(start) / 1000);
}

async function megabyteBodies(count: number): Promise<number> {
  const carol = client('carol@example.com');
  let correct = 0;
  for (let i = 0; i < count; i++) {
    const body = randomBytes(1024 * 1024);
    const response = await carol.send(ECHO, { method: 'POST', body });
    if (response.statusCode === 200 && response.body?.equals(body)) correct++;
  }
  carol.close();
  return correct;
}

async function backlog(
  count: number,
): Promise<{ ms: number; answered: number }> {
  const folder = join(echoFolder, 'dave@example.com');
  mkdirSync(folder, { recursive: true });
  for (let i = 0; i < count; i++) {
    const req = request('dave@example.com', Buffer.from(`{"i":${i}}`));
    await writeFile(join(folder, `${req.id}.request`), formatRequest(req));
  }
  const start = process.hrtime.bigint();
  const server = await startServer();
  let answered = 0;
  while (answered < count && elapsed(start) < 120_000) {
    await sleep(250); // listing 20k names is costly; don't steal the server's CPU
    answered = readdirSync(folder).filter(name =>
      name.endsWith('.response'),
    ).length;
  }
  const ms = elapsed(start);
  await stopServer(server);
  rmSync(folder, { recursive: true, force: true });
  return { ms, answered };
}

async function malformedFlood(
  malformed: number,
): Promise<{ p50: number; p99: number; good: number; rejected: number }> {
  const folder = join(echoFolder, 'mallory@example.com');
  mkdirSync(folder, { recursive: true });
  let flooding = true;
  const flood = (async () => {
    for (let i = 0; i < malformed; i++) {
      await writeFile(
        join(folder, `${randomUUID()}.request`),
        `{"id": "broken ${i}`,
      );
      if (i % 10 === 0) await sleep(10); // about a second of arrivals
    }
    flooding = false;
  })();
  const erin = client('erin@example.com');
  const times: number[] = [];
  while (flooding) {
    const start = process.hrtime.bigint();
    const response = await erin.send(ECHO, {
      method: 'POST',
      body: { ok: true },
    });
    if (response.statusCode === 200) times.push(elapsed(start));
  }
  await flood;
  erin.close();
  const deadline = Date.now() + 30_000;
  let rejected = 0;
  while (rejected < malformed && Date.now() < deadline) {
    await sleep(100);
    rejected = readdirSync(folder).filter(name =>
      name.endsWith('.response'),
    ).length;
  }
  return {
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    good: times.length,
    rejected,
  };
}

async function main(): Promise<void> {
  console.log(
    `@mvent/syft-events benchmark — ${new Date().toISOString()}, Node ${process.version}`,
  );
  console.log(
    `SyftBox folder: ${dataDir} (server in a child process, client here)\n`,
  );
  const server = await startServer();

  await roundTrips(20);
  await roundTrips(20, true);
  // Interleaved, so that both rows see the same machine.
  const ours: number[] = [];
  const encrypted: number[] = [];
  for (let round = 0; round < 4; round++) {
    ours.push(...(await roundTrips(50)));
    encrypted.push(...(await roundTrips(50, true)));
  }
  const polling: number[] = [];
  for (let i = 0; i < 30; i++)
    polling.push(await pollingRoundTrip('frank@example.com'));
  const oursP50 = percentile(ours, 50);
  const pollP50 = percentile(polling, 50);
  console.log(
    'Round trip, client send → response read (200 sequential requests each):',
  );
  console.log(
    `  mvent client           p50 ${fmt(oursP50)}, p99 ${fmt(percentile(ours, 99))}`,
  );
  console.log(
    `  mvent client, X3DH     p50 ${fmt(percentile(encrypted, 50))}, p99 ${fmt(percentile(encrypted, 99))} (request and reply encrypted)`,
  );
  if (process.env.BENCH_ROUND_TRIP_ONLY) return finish(server);
  console.log(
    `  100 ms poll (Python's way, same server, same run, 30 requests): p50 ${fmt(pollP50)}  → mvent is ${(pollP50 / oursP50).toFixed(1)}× faster`,
  );
  console.log(
    '  anchor: Python syft-rpc + syft-event 104 ms median; bar ≤ 5 ms\n',
  );

  const rate = await concurrentClients(4, 250);
  console.log(
    `Throughput, 4 concurrent clients × 250 requests: ${rate.toFixed(0)} requests/s\n`,
  );

  const correct = await megabyteBodies(100);
  console.log(
    `1 MB bodies answered correctly: ${correct}/100 (anchor: Python 73/100; bar 100/100)\n`,
  );

  const flood = await malformedFlood(1000);
  console.log('Service during a flood of 1,000 malformed files:');
  console.log(
    `  good requests answered meanwhile: ${flood.good}, p50 ${fmt(flood.p50)}, p99 ${fmt(flood.p99)}`,
  );
  console.log(
    `  malformed files answered 400: ${flood.rejected}/1000 (Python: one bad file stops the server)\n`,
  );

  const stats = await stopServer(server);
  console.log(`Server stats: ${JSON.stringify(stats)}\n`);

  const backlogResult = await backlog(10_000);
  console.log(
    `Backlog of 10,000 requests found at start: ${backlogResult.answered} answered in ${(backlogResult.ms / 1000).toFixed(2)} s, server start included (${(backlogResult.answered / (backlogResult.ms / 1000)).toFixed(0)}/s)`,
  );
  rmSync(root, { recursive: true, force: true });
}

/** `BENCH_ROUND_TRIP_ONLY=1`: stops after the round trips, for quick comparisons. */
async function finish(server: ChildProcess): Promise<void> {
  await stopServer(server);
  rmSync(root, { recursive: true, force: true });
}

main().catch(error => {
  console.error(error);
  rmSync(root, { recursive: true, force: true });
  process.exit(1);
});
