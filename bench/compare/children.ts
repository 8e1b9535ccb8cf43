/** The child processes of the comparisons: forked with TypeScript, driven by messages. */
import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { sleep } from './measure';

const ROOT = join(__dirname, '../..');

/** Forks `script` (in this folder) with TypeScript support. */
export function forkChild(script: string, args: string[]): ChildProcess {
  return fork(join(__dirname, script), args, {
    execArgv: ['-r', '@swc-node/register'],
    env: { ...process.env, SWC_NODE_PROJECT: join(ROOT, 'tsconfig.test.json') },
  });
}

/** The child's next message, after sending it `command` if given. */
export function reply<T>(child: ChildProcess, command?: unknown): Promise<T> {
  return new Promise(resolve => {
    child.once('message', message => resolve(message as T));
    if (command !== undefined) child.send(command as string);
  });
}

/** What a subscriber (`event-consumer.ts`) took since it was last asked. */
export interface Taken {
  latencies: number[];
  lastSeenAt: number;
  /** Samples that came out of their writer's order, since it started. */
  outOfOrder: number;
}

/** Collects latencies from the subscriber until `expected` arrived or nothing came for 2 s. */
export async function collect(
  child: ChildProcess,
  expected: number,
): Promise<Taken> {
  const all: Taken = { latencies: [], lastSeenAt: 0, outOfOrder: 0 };
  let idleSince = Date.now();
  while (all.latencies.length < expected && Date.now() - idleSince < 2000) {
    await sleep(50);
    const taken = await reply<Taken>(child, 'take');
    if (taken.latencies.length > 0) idleSince = Date.now();
    for (const latency of taken.latencies) all.latencies.push(latency);
    all.lastSeenAt = Math.max(all.lastSeenAt, taken.lastSeenAt);
    all.outOfOrder = taken.outOfOrder;
  }
  return all;
}
