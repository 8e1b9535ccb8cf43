/**
 * The storage section of the package benchmark: LMDB write transactions shaped like `emit`
 * (an entry, a log record and the state), with each configuration a pool could use, in child
 * processes: 1 and 4 processes writing flat out, and 1 process writing 1 ms apart (a cold
 * commit, as at 1k events/s). It shows what the safe configuration costs.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { percentile } from '@mvent/testing';
import type { StorageConfig } from './storage-writer';
import { STORAGE_CONFIGS } from './storage-writer';

const ROOT = join(__dirname, '../../..');

function runWriter<T>(path: string, config: string, mode: string): Promise<T> {
  const child = fork(
    join(__dirname, 'storage-writer.ts'),
    [path, config, mode],
    {
      execArgv: ['-r', '@swc-node/register'],
      env: {
        ...process.env,
        SWC_NODE_PROJECT: join(ROOT, 'tsconfig.test.json'),
      },
    },
  );
  return new Promise((resolve, reject) => {
    child.once('message', message => resolve(message as T));
    // An unsafe configuration can crash (MDB_BAD_TXN with a write map and 4 writers).
    child.once('exit', (code, signal) =>
      reject(new Error(`a writer died (${signal ?? `exit ${code}`})`)),
    );
  });
}

/** Measures every configuration; `row(measure, figure, note)` prints one line each. */
export async function storageBench(
  dir: string,
  row: (measure: string, figure: string, note: string) => void,
): Promise<void> {
  for (const config of Object.keys(STORAGE_CONFIGS) as StorageConfig[]) {
    const path = mkdtempSync(join(dir, 'storage-'));
    const note = STORAGE_CONFIGS[config].guarded
      ? 'what pools use'
      : 'not safe with several processes (README)';
    try {
      row(`storage: ${config}`, await measure(path, config), note);
    } catch (error) {
      row(`storage: ${config}`, (error as Error).message, note);
    }
    rmSync(path, { recursive: true, force: true });
  }
}

/** One configuration's figures: 1 and 4 writers flat out, and 1 writing 1 ms apart. */
async function measure(path: string, config: StorageConfig): Promise<string> {
  const one = await runWriter<{ perSecond: number }>(path, config, 'flat');
  const four = await Promise.all(
    [0, 1, 2, 3].map(() =>
      runWriter<{ perSecond: number }>(path, config, 'flat'),
    ),
  );
  const { times } = await runWriter<{ times: number[] }>(path, config, 'paced');
  const warm = times.slice(500);
  const total = four.reduce((sum, { perSecond }) => sum + perSecond, 0);
  return `${Math.round(one.perSecond).toLocaleString()} txn/s (1 process), ${Math.round(total).toLocaleString()} txn/s (4 processes); 1 ms apart p50 ${(percentile(warm, 50) * 1000).toFixed(1)} µs, p99 ${(percentile(warm, 99) * 1000).toFixed(1)} µs`;
}
