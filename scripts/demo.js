#!/usr/bin/env node
// `npm start`: runs every sample's demo (samples/*/dist/main.js, in name order) after `npm run build`.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync } = require('node:fs');
const { join } = require('node:path');

const samplesDir = join(__dirname, '..', 'samples');
const samples = readdirSync(samplesDir)
  .filter(name => existsSync(join(samplesDir, name, 'dist', 'main.js')))
  .sort();

for (const sample of samples) {
  console.log(`\n=== samples/${sample} ===`);
  const result = spawnSync(
    process.execPath,
    [join(samplesDir, sample, 'dist', 'main.js')],
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
console.log(`\nAll ${samples.length} demos finished.`);
