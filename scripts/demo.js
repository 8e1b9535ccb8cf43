#!/usr/bin/env node
// `npm start`: builds every package and sample (announced, since a first build takes about 30 s),
// then runs each sample's demo (samples/*/dist/main.js, in name order), each introduced by
// its package.json description.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const samplesDir = join(root, 'samples');

console.log(
  '[npm start] building the packages and samples (tsc -b: about 30 s the first time, a few seconds after)...',
);
const begun = Date.now();
const build = spawnSync('npx', ['tsc', '-b'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  console.error('[npm start] the build failed');
  process.exit(1);
}
console.log(
  `[npm start] built in ${((Date.now() - begun) / 1000).toFixed(1)} s`,
);

const samples = readdirSync(samplesDir)
  .filter(name => existsSync(join(samplesDir, name, 'dist', 'main.js')))
  .sort();
console.log(
  `[npm start] running ${samples.length} demos; each exits by itself. Lines starting with [mvent] are the framework's own log.`,
);

for (const sample of samples) {
  const { description } = JSON.parse(
    readFileSync(join(samplesDir, sample, 'package.json'), 'utf8'),
  );
  console.log(`\n=== samples/${sample}: ${description}`);
  const result = spawnSync(
    process.execPath,
    [join(samplesDir, sample, 'dist', 'main.js')],
    { stdio: 'inherit' },
  );
  if (result.status !== 0) {
    console.error(
      `samples/${sample} failed (exit ${result.status ?? result.signal})`,
    );
    process.exit(1);
  }
}
console.log(`\nAll ${samples.length} demos finished.`);
