#!/usr/bin/env node
// `npm test`: the build, then three checks at once (typecheck of the tests, lint, the API
// reference), then jest, each step announced with its duration, so a long run says what it
// is doing. A check's output is printed when it ends, whole. During jest, the lines the code
// under test logs (`[mvent] ...`, with their stack traces: mostly the warnings and errors of
// failures the tests cause on purpose) go to test-artifacts/npm-test.log, not the terminal.
'use strict';
const { spawn } = require('node:child_process');
const { createWriteStream, mkdirSync } = require('node:fs');
const { join } = require('node:path');
const { createInterface } = require('node:readline');

const ROOT = join(__dirname, '..');
const LOG = join('test-artifacts', 'npm-test.log');

/** Steps run one after the other; the checks of one step run at the same time. */
const STEPS = [
  [['build (tsc -b)', ['tsc', '-b']]],
  [
    ['typecheck of the tests', ['tsc', '-p', 'tsconfig.test.json']],
    ['lint (eslint)', ['eslint', '.']],
    [
      'API reference (typedoc; a warning fails)',
      ['typedoc', '--logLevel', 'Warn'],
    ],
  ],
  [
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

/**
 * Runs one command; resolves with its exit code. Alone, it prints as it goes (jest's logs
 * routed); beside others, its output is kept and printed when it ends.
 */
function run(args, { routeLogs = false }, alone, log, counts) {
  const child = spawn('npx', args, {
    cwd: ROOT,
    stdio: alone && !routeLogs ? 'inherit' : ['inherit', 'pipe', 'pipe'],
  });
  let kept = '';
  if (routeLogs) {
    routeLines(child.stdout, process.stdout, log, counts);
    routeLines(child.stderr, process.stderr, log, counts);
  } else if (!alone) {
    child.stdout.on('data', chunk => (kept += chunk));
    child.stderr.on('data', chunk => (kept += chunk));
  }
  return new Promise(resolve =>
    child.on('close', (code, signal) => {
      if (kept) process.stdout.write(kept);
      resolve(code ?? signal);
    }),
  );
}

async function main() {
  mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
  const log = createWriteStream(join(ROOT, LOG));
  const counts = { logged: 0 };
  const started = Date.now();
  let failed;
  for (const step of STEPS) {
    const statuses = await Promise.all(
      step.map(async ([title, args, options = {}]) => {
        const begun = Date.now();
        console.log(`\n[npm test] ${title}`);
        const status = await run(args, options, step.length === 1, log, counts);
        const seconds = ((Date.now() - begun) / 1000).toFixed(1);
        if (options.routeLogs && counts.logged > 0) {
          console.log(
            `[npm test] the code under test logged ${counts.logged} lines (most from failures the tests cause on purpose): ${LOG}`,
          );
        }
        console.log(
          status === 0
            ? `[npm test] ${title}: done in ${seconds} s`
            : `[npm test] ${title} failed after ${seconds} s (exit ${status})`,
        );
        return status;
      }),
    );
    failed = statuses.find(status => status !== 0);
    if (failed !== undefined) break;
  }
  log.end(() => {
    if (failed !== undefined)
      process.exit(typeof failed === 'number' ? failed : 1);
    console.log(
      `\n[npm test] all passed in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  });
}

void main();
