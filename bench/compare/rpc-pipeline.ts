/**
 * `npm run bench:rpc-pipeline`: what the request pipeline adds to a memory-RPC round trip.
 * One server process per variant (the bare `MemoryRpcServer`, a controller route with an
 * empty pipeline, the same route behind a guard and an interceptor); this process calls them
 * in interleaved rounds of 3,000 sequential requests, so that the machine's noise hits every
 * variant alike, and prints each round's p50 and the median of the rounds (the first two are
 * warm-up). `VARIANTS=guarded,app,mvent` changes the order (the servers are started in it).
 * `bench:compare` runs the variants one after the other, which is too noisy on a
 * 2-core machine to show a few percent.
 */
import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { RpcClient } from './rpc-contender.interface';
import { RPC_CONTENDERS } from './rpc-contenders';

const VARIANTS = process.env.VARIANTS?.split(',') ?? [
  'mvent',
  'app',
  'guarded',
];
const ROUNDS = 12;
const WARM_UP_ROUNDS = 2;
const CALLS = 3000;

async function main(): Promise<void> {
  const dir = mkdtempSync(join('/dev/shm', 'mvent-rpc-pipeline-'));
  const servers: ChildProcess[] = [];
  const clients: RpcClient[] = [];
  for (const key of VARIANTS) {
    const server = fork(join(__dirname, 'rpc-server.ts'), [key, dir], {
      execArgv: ['-r', '@swc-node/register'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    servers.push(server);
    await new Promise(resolve => server.once('message', resolve));
    clients.push(await RPC_CONTENDERS[key].client(dir, server, null));
  }
  const p50s: number[][] = VARIANTS.map(() => []);
  const body = { i: 0, body: 'x'.repeat(80) };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [index, client] of clients.entries()) {
      const times: number[] = [];
      for (let i = 0; i < CALLS; i++) {
        const started = performance.now();
        await client.call({ ...body, i });
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      if (round >= WARM_UP_ROUNDS) p50s[index].push(times[CALLS / 2] * 1000);
    }
  }
  const medians = p50s.map(rounds => {
    const sorted = [...rounds].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  });
  for (const [index, key] of VARIANTS.entries()) {
    const vsBare = ((medians[index] / medians[0] - 1) * 100).toFixed(1);
    console.log(
      `${RPC_CONTENDERS[key].name.padEnd(56)} median p50 ${medians[index].toFixed(1)} µs (${vsBare}% vs the bare server); rounds: ${p50s[index].map(p => p.toFixed(1)).join(' ')}`,
    );
  }
  for (const client of clients) await client.close();
  for (const server of servers) server.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

void main();
