#!/usr/bin/env node
/*
 * Builds the one native piece of @mvent/shared-memory, `native/shm-map.c` (it maps a file
 * in /dev/shm into an ArrayBuffer for the memory-RPC rings), with the machine's C compiler
 * and the Node-API headers that ship with Node. Nothing is downloaded. Without a compiler
 * or the headers, memory RPC runs over its Unix sockets alone, so this never fails the
 * install: it says what is missing and exits 0.
 */
'use strict';
const { execFileSync } = require('node:child_process');
const { existsSync, mkdirSync } = require('node:fs');
const { dirname, join } = require('node:path');

const packageRoot = join(__dirname, '..');
const source = join(packageRoot, 'native', 'shm-map.c');
const output = join(packageRoot, 'build', 'shm-map.node');
const headers = [
  process.env.npm_config_nodedir &&
    join(process.env.npm_config_nodedir, 'include', 'node'),
  join(dirname(process.execPath), '..', 'include', 'node'),
].find(dir => dir && existsSync(join(dir, 'node_api.h')));

function skip(reason) {
  process.stderr.write(
    `@mvent/shared-memory: shared-memory rings not built (${reason}); memory RPC will use Unix sockets only.\n` +
      '  To build them on Debian: apt-get install gcc libc6-dev, then npm rebuild @mvent/shared-memory\n',
  );
  process.exit(0);
}

if (process.platform !== 'linux') skip(`not Linux but ${process.platform}`);
if (!headers) skip(`no node_api.h next to ${process.execPath}`);
mkdirSync(dirname(output), { recursive: true });
const compiler = process.env.CC || 'cc';
try {
  execFileSync(
    compiler,
    [
      '-O2',
      '-Wall',
      '-Werror',
      '-shared',
      '-fPIC',
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
