/**
 * Instructions per call, counted by valgrind (timing is too noisy on 2 shared cores):
 *
 *   cd packages/shared-memory
 *   export SWC_NODE_PROJECT=../../tsconfig.test.json
 *   valgrind --tool=callgrind --callgrind-out-file=/dev/null \
 *     node --single-threaded -r @swc-node/register bench/instructions.ts emit 0
 *   (the same with 100000)
 *
 * The difference of the two totals over 100,000 is the cost of one `emit` (or `publish`), warm,
 * with no subscriber, the folds it causes included: loading, compiling and the warm-up are the
 * same in both runs. `--single-threaded` keeps V8's compiler and collector on the counted thread,
 * so that two runs agree (within 0.3% here; without it, up to 10%).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@mvent/core';
import { MemoryEventBus, SharedMemoryPool } from '../src';

const [kind = 'emit', count = '0'] = process.argv.slice(2);
if (kind !== 'emit' && kind !== 'publish') throw new Error('emit or publish');
Logger.overrideLogger(false);
const dir = mkdtempSync(join('/dev/shm', 'mvent-instructions-'));
const pool = new SharedMemoryPool({ name: 'instructions', dir });
const bus = new MemoryEventBus(pool);
const body = 'x'.repeat(80);
const send = (event: string, i: number) =>
  void bus[kind](event, { t: Date.now(), i, body });
for (let i = 0; i < 2000; i++) send('warm', i);
for (let i = 0; i < Number(count); i++) send('counted', i);
void bus
  .close()
  .then(() => pool.close())
  .then(() => rmSync(dir, { recursive: true, force: true }));
