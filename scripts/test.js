#!/usr/bin/env node
// `npm test`: build, typecheck, lint, the API reference, then jest, each phase announced with
// its duration, so a long run says what it is doing. During jest, the lines the code under
// test logs (`[mvent] ...`, with their stack traces: mostly the warnings and errors of
// failures the tests cause on purpose) go to test-artifacts/npm-test.log, not the terminal.
'use strict';
const { spawn } = require('node:child_process');
const { createWriteStream, mkdirSync } = require('node:fs');
const { join } = require('node:path');
const { createInterface } = require('node:readline');

const ROOT = join(__dirname, '..');
const LOG = join('test-artifacts', 'npm-test.log');

const PHASES = [
  ['build (tsc -b)', ['tsc', '-b']],
  ['typecheck of the tests', ['tsc', '-p', 'tsconfig.test.json']],
  ['lint (eslint)', ['eslint', '.']],
  [
    'API reference (typedoc; a warning fails)',
    ['typedoc', '--logLevel', 'Warn'],
  ],
  [
    'tests (jest, every project)',
    [
      'jest',
      `--reporters=${join(__dirname, 'jest-progress-reporter.js')}`,
      '--reporters=summary',
      ...process.argv.slice(2),
    ],
    { routeLogs: true },
  ],
];

/**
 * Copies `stream` to `terminal` line by line, except log lines of the code under test and
 * the indented lines that follow them (a stack trace), which go to `log`.
 */
function routeLines(stream, terminal, log, counts) {
  let inLogBlock = false;
  createInterface({ input: stream }).on('line', line => {
    inLogBlock =
      line.startsWith('[mvent] ') || (inLogBlock && /^\s/.test(line));
    if (inLogBlock) {
      counts.logged += 1;
      log.write(`${line}\n`);
    } else {
      terminal.write(`${line}\n`);
    }
  });
}

/** Runs one phase; resolves with its exit code. */
function runPhase(args, { routeLogs = false }, log, counts) {
  const child = spawn('npx', args, {
    cwd: ROOT,
    stdio: routeLogs ? ['inherit', 'pipe', 'pipe'] : 'inherit',
  });
  if (routeLogs) {
    routeLines(child.stdout, process.stdout, log, counts);
    routeLines(child.stderr, process.stderr, log, counts);
  }
  return new Promise(resolve =>
    child.on('close', (code, signal) => resolve(code ?? signal)),
  );
}

async function main() {
  mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
  const log = createWriteStream(join(ROOT, LOG));
  const counts = { logged: 0 };
  const started = Date.now();
  for (const [index, [title, args, options = {}]] of PHASES.entries()) {
    const begun = Date.now();
    console.log(`\n[npm test ${index + 1}/${PHASES.length}] ${title}`);
    const status = await runPhase(args, options, log, counts);
    const seconds = ((Date.now() - begun) / 1000).toFixed(1);
    if (options.routeLogs && counts.logged > 0) {
      console.log(
        `[npm test] the code under test logged ${counts.logged} lines (most from failures the tests cause on purpose): ${LOG}`,
      );
    }
    if (status !== 0) {
      console.error(
        `[npm test] ${title} failed after ${seconds} s (exit ${status})`,
      );
      log.end(() => process.exit(typeof status === 'number' ? status : 1));
      return;
    }
    console.log(
      `[npm test ${index + 1}/${PHASES.length}] ${title}: done in ${seconds} s`,
    );
  }
  log.end();
  console.log(
    `\n[npm test] all phases passed in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

void main();
