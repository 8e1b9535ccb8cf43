#!/usr/bin/env node
/*
 * Builds the native part of @mvent/shared-memory, `native/addon.c`, with the machine's C
 * compiler and the Node-API headers that ship with Node. Nothing is downloaded.
 *
 *   node scripts/build-native.js            at install: use the prebuilt addon shipped in
 *                                           prebuilds/ when it loads here, else compile
 *                                           build/Release/addon.node
 *   node scripts/build-native.js --prebuild before packing: compile into
 *                                           prebuilds/<platform>-<arch>/node.napi.<libc>.node,
 *                                           the name node-gyp-build looks for
 *
 * Pools need the addon (their cross-process lock is an flock(2)); memory RPC also uses it to
 * map its rings. Without a prebuilt addon, a compiler or the headers, the install still
 * succeeds, says what is missing, and opening a pool then fails with NativeAddonMissingError.
 */
'use strict';
const { execFileSync } = require('node:child_process');
const { existsSync, mkdirSync } = require('node:fs');
const { dirname, join } = require('node:path');

const packageRoot = join(__dirname, '..');
const sources = ['addon.c', 'event-log.c', 'wakeup.c'].map(file =>
  join(packageRoot, 'native', file),
);
const prebuild = process.argv.includes('--prebuild');
/** glibc or musl: a prebuilt addon links against one of them. */
const libc = process.report.getReport().header.glibcVersionRuntime
  ? 'glibc'
  : 'musl';
const prebuiltPath = join(
  packageRoot,
  'prebuilds',
  `${process.platform}-${process.arch}`,
  `node.napi.${libc}.node`,
);
const output = prebuild
  ? prebuiltPath
  : join(packageRoot, 'build', 'Release', 'addon.node');
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
  process.exit(prebuild ? 1 : 0);
}

/** Whether the shipped prebuilt addon loads in this Node on this machine. */
function prebuiltLoads() {
  if (!existsSync(prebuiltPath)) return false;
  try {
    // One built from older sources lacks what this version calls: compile instead.
    return typeof require(prebuiltPath).wakeListen === 'function';
  } catch {
    return false;
  }
}

if (!prebuild && prebuiltLoads()) {
  process.stderr.write(
    `@mvent/shared-memory: using the prebuilt native addon (${process.platform}-${process.arch}, ${libc}); nothing to compile\n`,
  );
  process.exit(0);
}
const linkFlags = LINK_FLAGS[process.platform];
if (!linkFlags)
  skip(`no prebuilt addon and no build recipe for ${process.platform}`);
if (!headers)
  skip(
    `no prebuilt addon for ${process.platform}-${process.arch} and no node_api.h next to ${process.execPath}`,
  );
mkdirSync(dirname(output), { recursive: true });
const compiler = process.env.CC || 'cc';
process.stderr.write(
  `@mvent/shared-memory: compiling native/addon.c, event-log.c and wakeup.c with ${compiler} into ${output.slice(packageRoot.length + 1)}\n`,
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
      ...sources,
    ],
    { stdio: 'inherit' },
  );
} catch (error) {
  skip(`${compiler} failed: ${error.message.split('\n')[0]}`);
}
