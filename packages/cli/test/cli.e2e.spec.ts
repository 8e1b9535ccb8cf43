import { utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Logger } from '@mvent/core';
import { MemoryEventBus, SharedMemoryPool } from '@mvent/shared-memory';
import { SyftEvents } from '@mvent/syft-events';
import type { TempDir } from '@mvent/testing';
import { createTempDir, waitFor } from '@mvent/testing';
import type { Worker } from '../../shared-memory/test/e2e/worker.util';
import { startWorker } from '../../shared-memory/test/e2e/worker.util';
import { createSyftBox, place } from '../../syft-events/test/support/syftbox';
import type { TempSyftBox } from '../../syft-events/test/support/syftbox';
import { mvent, spawnMvent } from './run-cli';

describe('the mvent CLI, run as a real binary', () => {
  let dir: TempDir;
  let env: NodeJS.ProcessEnv;
  let pool: SharedMemoryPool;
  let bus: MemoryEventBus;
  beforeAll(async () => {
    Logger.overrideLogger(false);
    dir = await createTempDir('mvent-cli-');
    env = { MVENT_POOL_DIR: dir.path };
  });
  afterAll(() => dir.remove());

  it.each([
    [[]],
    [['pools']],
    [['pool', 'rm']],
    [['events', 'tail']],
    [['rpc', 'send']],
    [['syft', 'cleanup']],
    [['metrics']],
    [['dashboard']],
  ])('answers --help for %j', async command => {
    const help = await mvent([...command, '--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: mvent/);
  });

  it('lists, inspects, verifies and removes pools', async () => {
    expect((await mvent(['pools'], env)).stdout).toMatch(/^no pools in /);
    pool = new SharedMemoryPool({ name: 'orders', dir: dir.path });
    pool.set('user.1', { name: 'ada' });
    pool.set('user.2', { name: 'bob' });
    pool.set('config', 1);

    const pools = await mvent(['pools'], env);
    expect(pools.code).toBe(0);
    expect(pools.stdout).toMatch(
      /^NAME +SIZE +ENTRIES +PROCESSES +LAST EVENT\norders +[\d.]+ \w+ +3 +1 +-\n/,
    );
    expect(
      JSON.parse((await mvent(['pool', 'stats', 'orders'], env)).stdout),
    ).toMatchObject({
      name: 'orders',
      entries: 3,
      processes: [process.pid],
      attachedProcesses: 1, // this test's process; the CLI does not count itself
    });
    expect(
      (await mvent(['pool', 'keys', 'orders', 'user.*'], env)).stdout,
    ).toBe('user.1\nuser.2\n');
    expect(
      JSON.parse(
        (await mvent(['pool', 'get', 'orders', 'user.2'], env)).stdout,
      ),
    ).toMatchObject({
      value: { name: 'bob' },
      version: 1,
    });
    const missing = await mvent(['pool', 'get', 'orders', 'nope'], env);
    expect([missing.code, missing.stderr]).toEqual([
      1,
      'mvent: no key "nope" in pool orders\n',
    ]);
    expect(
      JSON.parse((await mvent(['pool', 'verify', 'orders'], env)).stdout),
    ).toMatchObject({ ok: true, entries: 3 });

    const refused = await mvent(['pool', 'rm', 'orders'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `pool orders is in use by 1 process(es) (${process.pid}); stop them or pass --force`,
    );

    const spare = new SharedMemoryPool({ name: 'spare', dir: dir.path });
    await spare.close();
    const gc = await mvent(['pool', 'gc'], env);
    expect(gc.stdout).toBe('removed spare\n1 pool(s) removed\n');
  });

  it('tails and emits events', async () => {
    bus = new MemoryEventBus(pool);
    await bus.ready;
    const received: unknown[] = [];
    bus.on('order.*', value => received.push(value));
    const emitted = await mvent(
      ['events', 'emit', 'orders', 'order.created', '{"id":7}', '--ttl', '1h'],
      env,
    );
    expect(emitted.code).toBe(0);
    await waitFor(() => received.length === 1);
    expect(received).toEqual([{ id: 7 }]);

    const tail = spawnMvent(
      ['events', 'tail', 'orders', 'order.*', '--json', '--count', '3'],
      env,
    );
    await waitFor(() => pool.attachedPids().length === 2, {
      description: 'the tail attached',
    });
    await waitFor(() => bus.getAggregatedStats().length === 2, {
      description: 'the tail subscribed',
    });
    for (let i = 0; i < 3; i++) bus.emit(`order.${i}`, { i });
    expect(await tail.exited).toBe(0);
    const lines = tail
      .output()
      .trim()
      .split('\n')
      .map(line => JSON.parse(line) as { event: string; value: unknown });
    expect(lines.map(line => [line.event, line.value])).toEqual([
      ['order.0', { i: 0 }],
      ['order.1', { i: 1 }],
      ['order.2', { i: 2 }],
    ]);
    const last = await mvent(
      ['events', 'tail', 'orders', '--last', '2', '--count', '2'],
      env,
    );
    expect(last.stdout).toMatch(
      /^\d+ order\.1 \{"i":1\}\n\d+ order\.2 \{"i":2\}\n$/,
    );
    const seq = Number(last.stdout.split(' ')[0]);
    const from = await mvent(
      ['events', 'tail', 'orders', '--from', String(seq), '--count', '1'],
      env,
    );
    expect(from.stdout).toBe(`${seq} order.1 {"i":1}\n`);
    const bad = await mvent(['events', 'emit', 'orders', 'x', '{nope'], env);
    expect([bad.code, bad.stderr]).toEqual([
      1,
      expect.stringMatching(/^mvent: the value is not JSON: /),
    ]);
  });

  it('lists memory-RPC routes and calls them', async () => {
    const worker: Worker = await startWorker(
      'orders',
      dir.path,
      undefined,
      'messaging-worker.ts',
    );
    try {
      await worker.request('serve');
      const routes = await mvent(['rpc', 'routes', 'orders'], env);
      expect(routes.stdout).toMatch(new RegExp(`/add +${worker.pid}\\n`));
      const sent = await mvent(
        ['rpc', 'send', 'orders', '/add', '--body', '{"a":2,"b":40}'],
        env,
      );
      expect(sent).toMatchObject({
        code: 0,
        stdout: `200 {"total":42,"pid":${worker.pid}}\n`,
      });
      const invalid = await mvent(
        ['rpc', 'send', 'orders', '/add', '--body', '{"a":"two"}'],
        env,
      );
      expect(invalid.code).toBe(1);
      expect(invalid.stdout).toMatch(/^400 /);
      expect(invalid.stderr).toBe('mvent: /add answered 400\n');
    } finally {
      await worker.kill();
    }
  });

  it('prints the metrics, and removes a pool in use only with --force', async () => {
    const metrics = await mvent(['metrics', 'orders'], env);
    expect(metrics.stdout).toContain('mvent_pool_entries{pool="orders"} ');
    expect(metrics.stdout).toMatch(
      /mvent_events_emitted_total\{pool="orders",event="order.0"\} 1/,
    );
    await bus.close();
    await pool.close();
    const pinned = new SharedMemoryPool({ name: 'pinned', dir: dir.path });
    const forced = await mvent(['pool', 'rm', 'pinned', '--force'], env);
    expect(forced.stdout).toBe('removed pinned\n');
    await pinned.close().catch(() => undefined);
  });

  it('sends SyftBox requests, lists them and cleans them up with a progress bar', async () => {
    const box: TempSyftBox = await createSyftBox();
    const configPath = join(box.config.dataDir, 'config.json');
    await writeFile(
      configPath,
      JSON.stringify({ email: box.config.email, data_dir: box.config.dataDir }),
    );
    const server = new SyftEvents('shop', {
      config: box.config,
      logger: { log() {}, warn() {}, error() {} },
    });
    server.onRequest('/echo', request => request.json());
    server.onRequest('/trace', request => request.header('x-trace') ?? 'none');
    await server.start();
    try {
      const url = 'syft://alice@example.com/app_data/shop/rpc/echo';
      const sent = await mvent(
        ['--config', configPath, 'syft', 'send', url, '--body', '{"hi":1}'],
        env,
      );
      expect(sent).toMatchObject({ code: 0, stdout: '200 {"hi":1}\n' });
      const traced = await mvent(
        [
          '--config',
          configPath,
          'syft',
          'send',
          `${url.slice(0, -'echo'.length)}trace`,
          '-H',
          'X-Trace: 42',
        ],
        env,
      );
      expect(traced).toMatchObject({ code: 0, stdout: '200 42\n' });
      const badHeader = await mvent(
        ['--config', configPath, 'syft', 'send', url, '-H', 'no colon'],
        env,
      );
      expect([badHeader.code, badHeader.stderr]).toEqual([
        2,
        'mvent: -H "no colon": a header is "Name: value"\n',
      ]);
      const missing = await mvent(
        ['--config', configPath, 'syft', 'ls', 'no-such-app'],
        env,
      );
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(
        /^mvent: no app "no-such-app" in this datasite: .*no-such-app\/rpc does not exist/,
      );
      await server.stop(); // what follows is read by the CLI alone
      const empty = await mvent(
        ['--config', configPath, 'syft', 'ls', 'shop', '--json'],
        env,
      );
      expect(empty).toMatchObject({
        code: 0,
        stdout: '',
        stderr: 'mvent: no request files in app "shop"\n',
      });
      const folder = join(box.rpcDir('shop'), 'echo', 'bob@example.com');
      const file = (n: number, suffix: string) =>
        join(folder, `00000000-0000-4000-8000-00000000000${n}.${suffix}`);
      await place(
        file(1, 'request'),
        JSON.stringify({ expires: '2020-01-01T00:00:00+00:00' }),
      );
      await place(
        file(2, 'request'),
        JSON.stringify({ expires: '2999-01-01T00:00:00+00:00' }),
      );
      await place(file(3, 'request'), '{}');
      await place(file(3, 'response'), '{}');
      const ancient = new Date('2020-01-01');
      await utimes(file(1, 'request'), ancient, ancient);
      const listed = await mvent(
        ['--config', configPath, 'syft', 'ls', 'shop'],
        env,
      );
      expect(
        listed.stdout
          .split('\n')
          .slice(1, 4)
          .map(line => line.split(/ +/).slice(0, 3).join(' ')),
      ).toEqual([
        'expired /echo bob@example.com',
        'pending /echo bob@example.com',
        'answered /echo bob@example.com',
      ]);
      expect(listed.stdout).toContain('1 pending, 1 answered, 1 expired');
      const cleaned = await mvent(
        [
          '--config',
          configPath,
          'syft',
          'cleanup',
          'shop',
          '--expiry',
          '7d',
          '--progress',
        ],
        env,
      );
      expect(cleaned.code).toBe(0);
      expect(cleaned.stderr).toMatch(/\[#{30}\] 100% {2}\d+\/\d+ files\n$/);
      expect(cleaned.stdout).toBe(
        'removed 1 request(s), 0 response(s), 0 marker(s) and 0 empty folder(s) older than 7d\n',
      );
      const unknown = await mvent(['syft', 'nope'], env);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain("unknown command 'nope'");
    } finally {
      await server.stop();
      await box.remove();
    }
  });
});
