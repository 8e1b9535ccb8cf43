import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@mvent/testing';
import type { WakeupHandle } from '../../src/native/native-addon';
import { requireNativeAddon } from '../../src/native/native-addon';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeGypBuild = require('node-gyp-build') as {
  path(root: string): string;
};

const PACKAGE_ROOT = join(__dirname, '../..');

/** Runs `script` in a new Node process with `native` (the addon) and `path` (a socket path) set. */
function runWithAddon(script: string, path: string, flags: string[] = []) {
  const prelude = `const native = require('node-gyp-build')(${JSON.stringify(PACKAGE_ROOT)}); const path = ${JSON.stringify(path)};`;
  return spawnSync(process.execPath, [...flags, '-e', prelude + script], {
    cwd: PACKAGE_ROOT,
    encoding: 'utf8',
    timeout: 20_000,
  });
}

/** The addon's wake-up sockets: how a writer wakes a parked bus in another process. */
describe('wake-up sockets (native)', () => {
  const native = requireNativeAddon('test');
  let dir: string;
  let path: string;
  const handles: WakeupHandle[] = [];
  const fds: number[] = [];

  const listen = (onWake: (error: number) => void) => {
    const handle = native.wakeListen(path, onWake);
    handles.push(handle);
    return handle;
  };
  const connect = () => {
    const fd = native.wakeConnect(path);
    if (fd >= 0) fds.push(fd);
    return fd;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mvent-wakeup-'));
    path = join(dir, 'reader.sock');
  });

  afterEach(() => {
    for (const handle of handles.splice(0)) native.wakeClose(handle);
    for (const fd of fds.splice(0)) closeQuietly(fd);
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the callback once per wake-up, each time a nudge arrives at a reader that sleeps', async () => {
    const wakes: number[] = [];
    listen(error => wakes.push(error));
    const fd = connect();
    expect(fd).toBeGreaterThanOrEqual(0);
    for (let i = 1; i <= 20; i++) {
      expect(native.nudge(fd)).toBe(true);
      await waitFor(() => wakes.length === i, { description: `wake-up ${i}` });
    }
    expect(wakes).toEqual(new Array(20).fill(0));
  });

  it('reads every queued byte in one wake-up, and still says sent when the queue is full', async () => {
    let wakes = 0;
    listen(() => (wakes += 1));
    const fd = connect();
    // Far more than a datagram socket queues: the reader has bytes to read, so it wakes anyway.
    for (let i = 0; i < 5_000; i++) expect(native.nudge(fd)).toBe(true);
    await waitFor(() => wakes >= 1);
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(wakes).toBe(1);
  });

  it('says who is not there: nothing bound at the path, or a reader that closed', () => {
    expect(connect()).toBe(-constants.errno.ENOENT);
    const handle = listen(() => undefined);
    const fd = connect();
    expect(native.nudge(fd)).toBe(true);
    native.wakeClose(handle);
    native.wakeClose(handle); // idempotent
    expect(native.nudge(fd)).toBe(false);
    // The file stays (the bus removes it): connecting to it is refused.
    expect(connect()).toBe(-constants.errno.ECONNREFUSED);
  });

  it('refuses to bind where something is, and bad arguments, with typed errors', () => {
    mkdirSync(path);
    expect(() => native.wakeListen(path, () => undefined)).toThrow(
      expect.objectContaining({ code: 'EADDRINUSE' }),
    );
    expect(() =>
      native.wakeListen(join(dir, 'x'.repeat(200)), () => undefined),
    ).toThrow(/shorter than a socket address/);
    expect(() => native.wakeListen(path, undefined as never)).toThrow(
      /wakeListen\(path: string, callback: function\)/,
    );
    expect(() => native.wakeClose({} as WakeupHandle)).toThrow(
      /not a handle from wakeListen/,
    );
    expect(() => native.nudge('7' as unknown as number)).toThrow(/nudge\(fd/);
    expect(native.nudge(0x7fff_fff0)).toBe(false);
  });

  it('keeps the process alive only when asked, and lets it exit once closed', () => {
    // Kept alive until its first wake-up, which closes it; a second process nudges it.
    const reader = runWithAddon(
      `const h = native.wakeListen(path, () => { native.wakeClose(h); console.log('woken'); });
       native.wakeKeepAlive(h, true);
       require('child_process').spawn(process.execPath, ['-e', "const n = require('node-gyp-build')(process.argv[1]); n.nudge(n.wakeConnect(process.argv[2]))", process.cwd(), path], { stdio: 'inherit' });`,
      path,
    );
    expect(reader.stderr).toBe('');
    expect(reader.stdout).toBe('woken\n');
    expect(reader.status).toBe(0);
    // Not kept alive: the process exits at once, its socket still open.
    const idle = runWithAddon(
      `native.wakeListen(path, () => undefined);`,
      join(dir, 'idle.sock'),
    );
    expect(idle.status).toBe(0);
  });

  it('hands an exception of the callback to the process, as any callback of the event loop', () => {
    const result = runWithAddon(
      `process.on('uncaughtException', e => { console.log('caught', e.message); native.wakeClose(h); });
       const h = native.wakeListen(path, () => { throw new Error('handler failed'); });
       native.nudge(native.wakeConnect(path));
       native.wakeKeepAlive(h, true);`,
      path,
    );
    expect(result.stdout).toBe('caught handler failed\n');
    expect(result.status).toBe(0);
  });

  it('frees a socket however it ends: closed in its callback, dropped, left open by a worker (valgrind)', () => {
    const fixture = join(__dirname, 'fixtures/wakeup-lifecycle.js');
    const args = ['--expose-gc', fixture, nodeGypBuild.path(PACKAGE_ROOT), dir];
    const expected = "wakes 1 dropped closed true worker's closed true\n";
    const plain = spawnSync(process.execPath, args, { encoding: 'utf8' });
    expect([plain.stdout, plain.stderr, plain.status]).toEqual([
      expected,
      '',
      0,
    ]);
    if (spawnSync('valgrind', ['--version']).status !== 0) {
      console.warn('valgrind part skipped: apt-get install valgrind');
      return;
    }
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    const checked = spawnSync(
      'valgrind',
      [
        '--error-exitcode=9',
        '-q',
        `--suppressions=${join(__dirname, 'fixtures/node.supp')}`,
        process.execPath,
        ...args,
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect([checked.stdout, checked.stderr, checked.status]).toEqual([
      expected,
      '',
      0,
    ]);
  }, 150_000);
});

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // closed by the test
  }
}
