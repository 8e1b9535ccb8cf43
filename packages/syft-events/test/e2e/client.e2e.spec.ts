import { readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConsoleLogger, Logger, Response } from '@mvent/core';
import {
  SyftEvents,
  SyftRpcClient,
  SyftTimeoutError,
} from '@mvent/syft-events';
import { waitFor } from '@mvent/testing';
import type { TempSyftBox } from '../support/syftbox';
import { createSyftBox } from '../support/syftbox';

const URL = (endpoint: string) =>
  `syft://alice@example.com/app_data/demo/rpc/${endpoint}`;

describe('SyftRpcClient against SyftEvents', () => {
  let box: TempSyftBox;
  let server: SyftEvents;
  let client: SyftRpcClient;
  let releaseSlow: () => void = () => undefined;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    box = await createSyftBox();
    server = new SyftEvents('demo', { config: box.config });
    server.onRequest('/add', request => {
      const { a, b } = request.json<{ a: number; b: number }>()!;
      return { total: a + b };
    });
    server.onRequest(
      '/slow',
      () => new Promise(resolve => (releaseSlow = () => resolve('slow'))),
    );
    server.onRequest('/length', request => ({
      length: request.body?.length ?? 0,
    }));
    server.onRequest('/huge', () => Buffer.alloc(6 * 1024 * 1024, 'x'));
    server.onRequest(
      '/created',
      () => new Response({ created: true }, 201, { Location: '/x/1' }),
    );
    client = new SyftRpcClient({
      config: { ...box.config, email: 'bob@example.com' },
    });
  });

  afterAll(async () => {
    releaseSlow();
    client.close();
    await server.stop();
    await box.remove();
    Logger.overrideLogger(new ConsoleLogger());
  });

  it('answers requests written while the server was down, at start', async () => {
    const pending = client.send(URL('add'), {
      method: 'POST',
      body: { a: 1, b: 2 },
    });
    await waitFor(
      async () =>
        (
          await readdir(
            join(box.rpcDir('demo'), 'add', 'bob@example.com'),
          ).catch(() => [])
        ).length > 0,
    );
    await server.start();
    const response = await pending;
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ total: 3 });
  });

  it('round-trips bodies, status and headers, and consumes both files', async () => {
    const response = await client.send(URL('created'), { method: 'POST' });
    expect(response.statusCode).toBe(201);
    expect(response.headers).toEqual({ Location: '/x/1' });
    expect(response.json()).toEqual({ created: true });
    expect(response.isSystem).toBe(false);
    expect(
      await readdir(join(box.rpcDir('demo'), 'created', 'bob@example.com')),
    ).toEqual([]);
  });

  it('looks only once the request is written: an already expired request is a 419 (or answered), never a 404', async () => {
    for (let i = 0; i < 10; i++) {
      const response = await client.send(URL('add'), {
        method: 'POST',
        body: { a: 1, b: i },
        expiry: 1,
      });
      // 419 as a rule; 200 when the server answered within that millisecond. Never 404.
      expect([i, [200, 419].includes(response.statusCode)]).toEqual([i, true]);
    }
  });

  it('answers a request whose writing outlasts several safety looks', async () => {
    const eager = new SyftRpcClient({
      config: { ...box.config, email: 'bob@example.com' },
      safetyPollInterval: 1,
    });
    try {
      const big = 'x'.repeat(2 << 20); // 2 MiB (2.7 in base64): its write spans many 1 ms polls
      const response = await eager.send(URL('length'), {
        method: 'POST',
        body: big,
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ length: big.length }); // a string is sent as its UTF-8 bytes
    } finally {
      eager.close();
    }
  });

  it('runs requests concurrently: a slow handler delays nobody', async () => {
    const slow = client.send(URL('slow'));
    const fast = await client.send(URL('add'), {
      method: 'POST',
      body: { a: 20, b: 22 },
    });
    expect(fast.json()).toEqual({ total: 42 });
    releaseSlow();
    expect((await slow).text()).toBe('slow');
  });

  it('gives unique ids, so identical concurrent calls both get their answer', async () => {
    const [a, b] = await Promise.all([
      client.send(URL('add'), { method: 'POST', body: { a: 1, b: 1 } }),
      client.send(URL('add'), { method: 'POST', body: { a: 1, b: 1 } }),
    ]);
    expect(a.envelope.id).not.toBe(b.envelope.id);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
  });

  it('broadcasts to several endpoints and settles each', async () => {
    const results = await client.broadcast([URL('add'), URL('nope')], {
      method: 'POST',
      body: { a: 1, b: 1 },
    });
    expect(
      results.map(r => r.status === 'fulfilled' && r.value.statusCode),
    ).toEqual([200, 404]);
  });

  describe('with no server answering', () => {
    const quiet = (endpoint: string) =>
      `syft://carol@example.com/app_data/demo/rpc/${endpoint}`;
    const folder = (endpoint: string) =>
      join(
        box.config.datasites,
        'carol@example.com/app_data/demo/rpc',
        endpoint,
        'bob@example.com',
      );
    const requestIn = async (endpoint: string) => {
      let name: string | undefined;
      await waitFor(async () => {
        name = (
          await readdir(folder(endpoint)).catch(() => [] as string[])
        ).find(n => n.endsWith('.request'));
        return name !== undefined;
      });
      return join(folder(endpoint), name!);
    };

    it.each([
      ['.syftrejected.request', 403],
      ['.rejected.request', 403],
      ['.rejected.20261122084357.request', 403],
    ])('reports a %s marker as 403', async (suffix, status) => {
      const pending = client.send(quiet('rejected'));
      const path = await requestIn('rejected');
      await writeFile(path.replace(/\.request$/, suffix), '');
      const response = await pending;
      expect([response.statusCode, response.isSystem]).toEqual([status, true]);
      expect(await readdir(folder('rejected'))).toEqual([]);
    });

    it('reports a vanished request as 404', async () => {
      const pending = client.send(quiet('vanish'));
      await unlink(await requestIn('vanish'));
      expect((await pending).statusCode).toBe(404);
    });

    it('reports an expired request as 419', async () => {
      const response = await client.send(quiet('late'), { expiry: 300 });
      expect(response.statusCode).toBe(419);
      expect(response.text()).toMatch(/^Request with [0-9a-f-]+ expired on /);
    });

    it('reports an unparseable response as 500 and keeps it', async () => {
      const pending = client.send(quiet('garbled'));
      const path = await requestIn('garbled');
      const responsePath = path.replace(/\.request$/, '.response');
      await writeFile(`${responsePath}.tmp`, '{"status_code": 299}');
      await rename(`${responsePath}.tmp`, responsePath);
      const response = await pending;
      expect(response.statusCode).toBe(500);
      expect(response.text()).toMatch(/^Error loading response/);
      expect(await readFile(responsePath, 'utf8')).toBe('{"status_code": 299}');
    });

    it('times out with a typed error', async () => {
      await expect(
        client.send(quiet('silent'), { timeout: 200 }),
      ).rejects.toBeInstanceOf(SyftTimeoutError);
    });
  });

  it('refuses a reply over maxResponseBytes unread, with a system 500, and keeps the files', async () => {
    const response = await client.send(URL('huge'), { method: 'POST' });
    expect(response.isSystem).toBe(true);
    expect(response.statusCode).toBe(500);
    expect(response.text()).toMatch(
      /over the client's maxResponseBytes of 4194304/,
    );
    const folder = join(box.rpcDir('demo'), 'huge', 'bob@example.com');
    expect(
      (await readdir(folder)).filter(name => name.endsWith('.response')),
    ).toHaveLength(1);
    // A client that expects large replies says so.
    const patient = new SyftRpcClient({
      config: { ...box.config, email: 'carol@example.com' },
      maxResponseBytes: 16 * 1024 * 1024,
    });
    try {
      const large = await patient.send(URL('huge'), { method: 'POST' });
      expect([large.statusCode, large.body?.length]).toEqual([
        200,
        6 * 1024 * 1024,
      ]);
    } finally {
      patient.close();
    }
  });
});
