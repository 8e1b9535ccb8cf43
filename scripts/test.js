#!/usr/bin/env node
// `npm test`: build, typecheck, lint, then jest, each phase announced with its duration, so a
// long run says what it is doing.
'use strict';
const { spawnSync } = require('node:child_process');

const PHASES = [
  ['build (tsc -b)', 'npx', ['tsc', '-b']],
  ['typecheck of the tests', 'npx', ['tsc', '-p', 'tsconfig.test.json']],
  ['lint (eslint)', 'npx', ['eslint', '.']],
  ['tests (jest, every project)', 'npx', ['jest', ...process.argv.slice(2)]],
];

const started = Date.now();
for (const [index, [title, command, args]] of PHASES.entries()) {
  const begun = Date.now();
  console.log(`\n[npm test ${index + 1}/${PHASES.length}] ${title}`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  const seconds = ((Date.now() - begun) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`[npm test] ${title} failed after ${seconds} s (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
  console.log(`[npm test ${index + 1}/${PHASES.length}] ${title}: done in ${seconds} s`);
}
console.log(`\n[npm test] all phases passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
