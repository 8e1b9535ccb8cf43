#!/usr/bin/env node
// `npm start`: runs every sample's demo in turn (after `npm run build`) and exits.
'use strict';
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const DEMOS = [['01-dependency-injection', 'dist/main.js']];

for (const [sample, entry] of DEMOS) {
  console.log(`\n=== samples/${sample} ===`);
  const result = spawnSync(
    process.execPath,
    [join(__dirname, '..', 'samples', sample, entry)],
    {
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) {
    console.error(
      `samples/${sample} failed (exit ${result.status ?? result.signal})`,
    );
    process.exit(1);
  }
}
console.log('\nAll demos finished.');
