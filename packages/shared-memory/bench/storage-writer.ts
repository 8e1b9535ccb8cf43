/**
 * A child of the storage benchmark: writes into one LMDB environment with one configuration
 * and reports what it measured. argv: path config mode. `mode` is `flat` (write transactions
 * back to back for 2 s: their count) or `paced` (2,000 transactions 1 ms apart: their times).
 * Each transaction writes an entry, a log record and a state record, as `emit` does.
 */
import { open } from 'lmdb';
import { DiskReserve } from '../src/pool/disk-reserve';
import { PoolLock } from '../src/pool/pool-lock';

/** The configurations compared: what pools use, and what they avoid (see the README). */
export const STORAGE_CONFIGS = {
  'write map, fixed 1 GiB map': { writemap: true, guarded: false },
  'no write map': { writemap: false, guarded: false },
  'no write map + pool lock + disk reserve (pools)': {
    writemap: false,
    guarded: true,
  },
} as const;
export type StorageConfig = keyof typeof STORAGE_CONFIGS;

const FLAT_MS = 2000;
const PACED_TRANSACTIONS = 2000;

async function main(): Promise<void> {
  const [path, config, mode] = process.argv.slice(2) as [
    string,
    StorageConfig,
    'flat' | 'paced',
  ];
  const { writemap, guarded } = STORAGE_CONFIGS[config];
  const lock = guarded ? new PoolLock(path) : undefined;
  const openEnv = () =>
    open({
      path,
      maxDbs: 6,
      noSync: true,
      useWritemap: writemap,
      mapSize: 1024 * 1024 * 1024,
      cache: false,
    });
  const reserve = guarded ? DiskReserve.prepare(path) : undefined;
  const env = lock ? lock.hold(openEnv) : openEnv();
  const entries = env.openDB<Buffer, string>('entries', { encoding: 'binary' });
  const log = env.openDB<Buffer, number>('log', {
    encoding: 'binary',
    keyEncoding: 'uint32',
  });
  const state = env.openDB<Buffer, string>('state', { encoding: 'binary' });
  const record = Buffer.alloc(150, 1);
  const stateRecord = Buffer.alloc(32);
  let seq = process.pid * 1_000_000;
  const write = () => {
    const commit = () => {
      reserve?.ensure(record.length);
      env.transactionSync(() => {
        entries.putSync(`k${seq % 1000}`, record);
        log.putSync((seq += 1) % 0xffffffff, record);
        state.putSync('state', stateRecord);
      });
    };
    if (lock) lock.hold(commit);
    else commit();
  };
  if (mode === 'flat') {
    let count = 0;
    const until = performance.now() + FLAT_MS;
    while (performance.now() < until) {
      write();
      count += 1;
    }
    process.send!({ perSecond: count / (FLAT_MS / 1000) });
  } else {
    const times: number[] = [];
    for (let i = 0; i < PACED_TRANSACTIONS; i++) {
      const started = performance.now();
      write();
      times.push(performance.now() - started);
      await new Promise(resolve => setTimeout(resolve, 1));
    }
    process.send!({ times });
  }
  await env.close();
}

if (require.main === module) void main();
