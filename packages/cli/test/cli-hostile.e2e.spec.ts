import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Logger, Response } from '@mvent/core';
import { MemoryEventBus, SharedMemoryPool } from '@mvent/shared-memory';
import { SyftEvents, SyftIdentity } from '@mvent/syft-events';
import type { TempDir } from '@mvent/testing';
import { createTempDir } from '@mvent/testing';
import { place } from '../../syft-events/test/support/syftbox';
import { MVENT_BIN, mvent } from './run-cli';

/** What a hostile reply or folder name would make a terminal do: write the clipboard, clear the screen. */
const OSC52 = '\u001b]52;c;ZXZpbA==\u0007';
const CLEAR = '\u001b[2J\u001b[H';

describe('the mvent CLI under hostile input and a closed stdout', () => {
  let dir: TempDir;
  let configPath: string;
  let config: {
    email: string;
    dataDir: string;
    datasites: string;
    source: string;
  };
  beforeAll(async () => {
    Logger.overrideLogger(false);
    dir = await createTempDir('mvent-cli-hostile-');
    // The SyftBox folder one level down: private keys go beside it, in <dir>/.syftbox.
    const dataDir = join(dir.path, 'SyftBox');
    config = {
      email: 'alice@example.com',
      dataDir,
      datasites: join(dataDir, 'datasites'),
      source: 'test',
    };
    mkdirSync(config.datasites, { recursive: true });
    configPath = join(dir.path, 'config.json');
    await writeFile(
      configPath,
      JSON.stringify({ email: config.email, data_dir: dataDir }),
    );
  });
  afterAll(() => dir.remove());

  it('prints terminal escapes from a reply and from folder names as text, never raw', async () => {
    const server = new SyftEvents('shop', {
      config,
      logger: { log() {}, warn() {}, error() {} },
    });
    server.onRequest('/echo', () => new Response(`hi${OSC52}${CLEAR}`));
    await server.start();
    try {
      const url = 'syft://alice@example.com/app_data/shop/rpc/echo';
      const sent = await mvent(['--config', configPath, 'syft', 'send', url]);
      expect(sent.code).toBe(0);
      expect(sent.stdout).not.toContain('\u001b');
      expect(sent.stdout).not.toContain('\u0007');
      expect(sent.stdout).toBe(
        '200 hi\\x1b]52;c;ZXZpbA==\\x07\\x1b[2J\\x1b[H\n',
      );
    } finally {
      await server.stop();
    }
    await place(
      join(
        config.datasites,
        'alice@example.com/app_data/shop/rpc/echo',
        `mallory${CLEAR}@example.com`,
        '00000000-0000-4000-8000-000000000001.request',
      ),
      JSON.stringify({ expires: '2999-01-01T00:00:00+00:00' }),
    );
    const listed = await mvent(['--config', configPath, 'syft', 'ls', 'shop']);
    expect(listed.stdout).not.toContain('\u001b');
    expect(listed.stdout).toContain('mallory\\x1b[2J\\x1b[H@example.com');
  });

  it('rotates keys only when asked, saying what it replaces', async () => {
    const keys = () => mvent(['--config', configPath, 'syft', 'keys', ...args]);
    let args: string[] = [];
    const identity = new SyftIdentity(config);
    // The previous test's send made no keys (plaintext); start from none.
    expect(existsSync(identity.privateKeysPath)).toBe(false);
    expect((await keys()).stdout).toMatch(/no keys yet/);

    args = ['rotate'];
    const dry = await keys();
    expect(dry.code).toBe(2);
    expect(dry.stderr).toMatch(/nothing replaced: add --yes/);
    expect(existsSync(identity.privateKeysPath)).toBe(false);

    args = ['rotate', '--yes'];
    const first = await keys();
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/old: none/);
    const created = /new identity key \(Ed25519\): (\S+)/.exec(
      first.stdout,
    )![1];
    const second = await keys();
    expect(second.stdout).toContain(`old identity key (Ed25519): ${created}`);
    const rotated = /new identity key \(Ed25519\): (\S+)/.exec(
      second.stdout,
    )![1];
    expect(rotated).not.toBe(created);
    // The new keys and the published did.json belong together.
    await expect(
      new SyftIdentity(config).ensureIdentity(),
    ).resolves.toBeDefined();
    expect(new SyftIdentity(config).currentKeys()?.identityKey).toBe(rotated);
  });

  it('streams a replay: --from 0 --count 5 on a large log reads only what it prints', async () => {
    // A log that keeps all of it (about 62 MB).
    const pool = new SharedMemoryPool({
      name: 'big',
      dir: dir.path,
      retention: { bytes: 128 * 1024 * 1024 },
    });
    const bus = new MemoryEventBus(pool);
    await bus.ready;
    const body = 'x'.repeat(2000);
    for (let i = 0; i < 30_000; i++) bus.emit('bulk', { i, body });
    await bus.close();
    await pool.close();
    // The tail's memory, as the kernel counts it: building the whole replay first took
    // 209–214 MB here for this 121 MB log, reading only what it prints 72 MB.
    const child = spawn(
      process.execPath,
      [MVENT_BIN, 'events', 'tail', 'big', '--from', '0', '--count', '5'],
      {
        env: { ...process.env, MVENT_POOL_DIR: dir.path },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let peakKb = 0;
    const sampler = setInterval(() => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        peakKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? peakKb);
      } catch {
        // It has exited: the last sample stands.
      }
    }, 5);
    const code = await new Promise(resolve => child.once('exit', resolve));
    clearInterval(sampler);
    expect(
      stdout
        .trim()
        .split('\n')
        .map(
          line =>
            (JSON.parse(line.split(' ').slice(2).join(' ')) as { i: number }).i,
        ),
    ).toEqual([0, 1, 2, 3, 4]);
    expect(peakKb).toBeGreaterThan(0);
    expect(peakKb).toBeLessThan(130 * 1024);
    expect([code, stderr]).toEqual([0, '']);
  }, 60_000);

  it('exits quietly when the reader of its output goes away (| head)', async () => {
    const child = spawn(
      process.execPath,
      [MVENT_BIN, 'events', 'tail', 'big', '--from', '1'],
      {
        env: { ...process.env, MVENT_POOL_DIR: dir.path },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Like `head -1`: read the first chunk, then close the pipe.
    await new Promise(resolve => child.stdout.once('data', resolve));
    child.stdout.destroy();
    const code = await new Promise(resolve => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(stderr).not.toMatch(/EPIPE|Error|at /);
  }, 60_000);
});
