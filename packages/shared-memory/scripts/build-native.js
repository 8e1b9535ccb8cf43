#!/usr/bin/env node
/*
 * Builds the native part of @mvent/shared-memory, `native/addon.c`, with the machine's C
 * compiler and the Node-API headers that ship with Node. Nothing is downloaded. Pools need
 * it (their cross-process lock is an flock(2)); memory RPC also uses it to map its rings.
 * Without a compiler or the headers the install still succeeds, says what is missing, and
 * opening a pool then fails with NativeAddonMissingError, which says the same.
 */
'use strict';
const { execFileSync } = require('node:child_process');
const { existsSync, mkdirSync } = require('node:fs');
const { dirname, join } = require('node:path');

const packageRoot = join(__dirname, '..');
const source = join(packageRoot, 'native', 'addon.c');
const output = join(packageRoot, 'build', 'addon.node');
const headers = [
  process.env.npm_config_nodedir &&
    join(process.env.npm_config_nodedir, 'include', 'node'),
  join(dirname(process.execPath), '..', 'include', 'node'),
].find(dir => dir && existsSync(join(dir, 'node_api.h')));
/** How each platform links a Node addon. */
const LINK_FLAGS = {
  linux: ['-shared', '-fPIC'],
  darwin: ['-bundle', '-undefined', 'dynamic_lookup'],
};

function skip(reason) {
  process.stderr.write(
    `@mvent/shared-memory: native addon NOT built (${reason}).\n` +
      '  Shared-memory pools cannot be opened without it. To build it on Debian:\n' +
      '  apt-get install gcc libc6-dev, then npm rebuild @mvent/shared-memory\n',
  );
  process.exit(0);
}

const linkFlags = LINK_FLAGS[process.platform];
if (!linkFlags) skip(`no build recipe for ${process.platform}`);
if (!headers) skip(`no node_api.h next to ${process.execPath}`);
mkdirSync(dirname(output), { recursive: true });
const compiler = process.env.CC || 'cc';
process.stderr.write(
  `@mvent/shared-memory: compiling native/addon.c with ${compiler} (its native part: the pools' lock and the RPC rings)\n`,
);
try {
  execFileSync(
    compiler,
    [
      '-O2',
      '-Wall',
      '-Werror',
      ...linkFlags,
      '-I',
      headers,
      '-o',
      output,
      source,
    ],
    { stdio: 'inherit' },
  );
} catch (error) {
  skip(`${compiler} failed: ${error.message.split('\n')[0]}`);
}
