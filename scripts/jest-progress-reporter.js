// A jest reporter for `npm test`: one line per test file as it finishes, with a count, and,
// when nothing has finished for a while, which files are still running and for how long, so
// a long run always says what it is doing. Jest's `summary` reporter prints failures after it.
'use strict';
const { relative } = require('node:path');

/** Seconds without a finished file before the reporter says what is still running. */
const QUIET_SECONDS = 20;

class ProgressReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
    this.running = new Map();
    this.done = 0;
    this.total = 0;
    this.lastOutput = Date.now();
  }

  onRunStart(results, options) {
    this.total = results.numTotalTestSuites;
    this.say(
      `jest: ${this.total} test files${options.estimatedTime ? `, about ${options.estimatedTime} s by the last run` : ''}`,
    );
    this.timer = setInterval(() => this.sayWhatRuns(), 5000);
    this.timer.unref();
  }

  onTestFileStart(test) {
    this.running.set(test.path, Date.now());
  }

  onTestFileResult(test, result) {
    this.running.delete(test.path);
    this.done += 1;
    const seconds = (result.perfStats.runtime / 1000).toFixed(1);
    const failed = result.numFailingTests > 0 || result.testExecError;
    const skipped = result.numPendingTests
      ? `, ${result.numPendingTests} skipped`
      : '';
    this.say(
      `[${this.done}/${this.total}] ${failed ? 'FAIL' : 'ok  '} ${this.name(test.path)} (${result.numPassingTests} passed${skipped}, ${seconds} s)`,
    );
    // What failed, at once (jest's summary repeats it at the end only for runs of 20+ files).
    if (failed) this.say(result.failureMessage ?? String(result.testExecError));
  }

  onRunComplete() {
    clearInterval(this.timer);
  }

  sayWhatRuns() {
    if ((Date.now() - this.lastOutput) / 1000 < QUIET_SECONDS) return;
    const now = Date.now();
    const files = [...this.running].map(
      ([path, since]) =>
        `${this.name(path)} (${Math.round((now - since) / 1000)} s)`,
    );
    if (files.length > 0) this.say(`      still running: ${files.join(', ')}`);
  }

  name(path) {
    return relative(this.rootDir, path);
  }

  say(line) {
    this.lastOutput = Date.now();
    process.stderr.write(`${line}\n`);
  }

  getLastError() {
    return undefined;
  }
}

module.exports = ProgressReporter;
