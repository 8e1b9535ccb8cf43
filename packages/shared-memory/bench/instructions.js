#!/usr/bin/env node
/*
 * Instructions per call, counted by valgrind (timing is too noisy on 2 shared cores):
 *   valgrind --tool=callgrind --callgrind-out-file=/dev/null node bench/instructions.js emit 0
 *   valgrind --tool=callgrind --callgrind-out-file=/dev/null node bench/instructions.js emit 20000
 * The difference of the two totals over 20,000 is the cost of one `emit` (or `publish`),
 * warm, with no subscriber. Uses the built package (`npm run build` first).
 */
'use strict';
const { mkdtempSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const { MemoryEventBus, SharedMemoryPool } = require('../dist');
const { Logger } = require('@mvent/core');

const [kind = 'emit', count = '0'] = process.argv.slice(2);
Logger.overrideLogger(false);
const dir = mkdtempSync(join('/dev/shm', 'mvent-instructions-'));
const pool = new SharedMemoryPool({ name: 'instructions', dir });
const bus = new MemoryEventBus(pool);
const body = 'x'.repeat(80);
// Warm up the same way in both runs, so that the difference is the counted calls only.
for (let i = 0; i < 2000; i++) void bus[kind]('warm', { t: Date.now(), i, body });
for (let i = 0; i < Number(count); i++) {
  void bus[kind]('counted', { t: Date.now(), i, body });
}
void bus
  .close()
  .then(() => pool.close())
  .then(() => rmSync(dir, { recursive: true, force: true }));
