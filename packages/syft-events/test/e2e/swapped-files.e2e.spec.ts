import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  lstat,
  mkdir,
  readdir,
  readFile,
  rename,
  symlink,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import { ConsoleLogger, Logger, Response } from '@mvent/core';
import type { SyftRequest } from '@mvent/syft-events';
import {
  formatRequest,
  formatResponse,
  parseResponse,
  SyftEvents,
  SyftRpcClient,
} from '@mvent/syft-events';
import { waitFor } from '@mvent/testing';
import type { TempSyftBox } from '../support/syftbox';
import {
  createSyftBox,
  echoRequest,
  place,
  waitForJson,
} from '../support/syftbox';

const BOB = 'bob@example.com';
const URL = 'syft://alice@example.com/app_data/demo/rpc/echo';

const request = echoRequest;

/** Replaces the file at `path` by `swap(temporary)` in one rename, as an attacker would. */
async function swapAt(
  path: string,
  make: (temporary: string) => Promise<void>,
) {
  const temporary = `${path}.swap`;
  await make(temporary);
  await rename(temporary, path);
}

describe('request files swapped by an attacker while the server reads them', () => {
  let box: TempSyftBox;
  let app: SyftEvents;
  let echo: string;
  const senders: string[] = [];
  const warnings: string[] = [];

  beforeAll(async () => {
    Logger.overrideLogger(false);
    box = await createSyftBox();
    app = new SyftEvents('demo', {
      logger: {
        log: () => undefined,
        error: () => undefined,
        warn: (message: unknown) => void warnings.push(String(message)),
        debug: () => undefined,
      },
      config: box.config,
      partialWriteTimeout: 1500,
      partialWriteLimit: 1200,
    });
    app.onRequest('/echo', req => {
      senders.push(req.sender);
      return new Response(req.body, 200);
    });
    await app.start();
    echo = join(box.rpcDir('demo'), 'echo');
    await mkdir(join(echo, BOB), { recursive: true });
  });

  afterAll(async () => {
    await app.stop();
    await box.remove();
    Logger.overrideLogger(new ConsoleLogger());
  });

  /** A request of 17 bytes that does not parse yet: the server keeps retrying it. */
  async function startPartial(): Promise<string> {
    const path = join(echo, BOB, `${randomUUID()}.request`);
    await place(path, '{"id": "partial",');
    await new Promise(resolve => setTimeout(resolve, 100)); // the server has tried once
    return path;
  }

  const responseOf = (path: string) => path.replace(/\.request$/, '.response');
  const answered = async (path: string) =>
    lstat(responseOf(path)).then(
      () => true,
      () => false,
    );

  it('should never follow a link swapped in for /dev/zero or for a private file, and keep serving', async () => {
    const secret = join(box.config.dataDir, 'secret.txt');
    await writeFile(secret, 'TOP-SECRET-TOKEN', { mode: 0o600 });
    const toZero = await startPartial();
    const toSecret = await startPartial();
    await swapAt(toZero, temporary => symlink('/dev/zero', temporary));
    await swapAt(toSecret, temporary => symlink(secret, temporary));
    const before = process.memoryUsage().rss;

    const good = join(echo, BOB, `${randomUUID()}.request`);
    const id = good.slice(good.lastIndexOf('/') + 1, -'.request'.length);
    await place(good, formatRequest(request({ id })));
    expect(parseResponse(await waitForJson(responseOf(good))).statusCode).toBe(
      200,
    );
    // The server gave up on both: it says so when a file turns out to be a link.
    await waitFor(
      () =>
        [toZero, toSecret].every(path => warnings.some(w => w.includes(path))),
      { timeout: 5000 },
    );
    expect(await answered(toZero)).toBe(false);
    expect(await answered(toSecret)).toBe(false);
    for (const name of await readdir(join(echo, BOB))) {
      if (name.endsWith('.response')) {
        expect(await readFile(join(echo, BOB, name), 'utf8')).not.toMatch(
          /TOP-SECRET|VE9QLVNFQ1JFV/,
        );
      }
    }
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('should ignore files swapped for FIFOs, keep answering, and still stop', async () => {
    const fifos = await Promise.all([1, 2, 3, 4, 5].map(() => startPartial()));
    for (const path of fifos) {
      await swapAt(path, async temporary => {
        execFileSync('mkfifo', [temporary]);
      });
    }
    const good = join(echo, BOB, `${randomUUID()}.request`);
    const id = good.slice(good.lastIndexOf('/') + 1, -'.request'.length);
    await place(good, formatRequest(request({ id })));
    expect(parseResponse(await waitForJson(responseOf(good))).statusCode).toBe(
      200,
    );
    for (const path of fifos) expect(await answered(path)).toBe(false);
  });

  it('should answer 400 "still being written" to a file that keeps growing', async () => {
    const path = join(echo, BOB, `${randomUUID()}.request`);
    await place(path, '{');
    const grow = setInterval(
      () => void writeFile(path, ' ', { flag: 'a' }),
      50,
    );
    try {
      const response = parseResponse(await waitForJson(responseOf(path), 8000));
      expect(response.statusCode).toBe(400);
      expect(response.body!.toString()).toMatch(/still being written/);
    } finally {
      clearInterval(grow);
    }
  });

  it('should take the composed and decomposed spellings of one sender as one sender', async () => {
    const nfc = 'émile@example.com'.normalize('NFC');
    const nfd = nfc.normalize('NFD');
    senders.length = 0;
    for (const spelling of [nfc, nfd]) {
      const id = randomUUID();
      const path = join(echo, spelling, `${id}.request`);
      await place(path, formatRequest(request({ id, sender: spelling })));
      expect(
        parseResponse(await waitForJson(responseOf(path))).statusCode,
      ).toBe(200);
    }
    expect(senders).toEqual([nfc, nfc]);
  });

  it('should not write through links planted as rpc.schema.json or .syftkeep', async () => {
    const other = await createSyftBox();
    const victim = join(other.config.dataDir, 'victim.txt');
    await writeFile(victim, 'untouched');
    const rpc = other.rpcDir('demo');
    await mkdir(join(rpc, 'echo'), { recursive: true });
    await symlink(victim, join(rpc, 'rpc.schema.json'));
    await symlink(
      join(other.config.dataDir, 'created-by-server'),
      join(rpc, 'echo', '.syftkeep'),
    );
    await symlink(victim, join(rpc, 'syft.pub.yaml'));
    const server = new SyftEvents('demo', { config: other.config });
    server.onRequest('/echo', () => 'ok');
    await server.start();
    await server.stop();
    expect(await readFile(victim, 'utf8')).toBe('untouched');
    expect(await readdir(other.config.dataDir)).not.toContain(
      'created-by-server',
    );
    for (const file of ['rpc.schema.json', 'syft.pub.yaml', 'echo/.syftkeep']) {
      expect((await lstat(join(rpc, file))).isFile()).toBe(true);
    }
    await other.remove();
  });
});

describe('responses that do not answer the request', () => {
  let box: TempSyftBox;
  let client: SyftRpcClient;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    box = await createSyftBox(BOB);
    client = new SyftRpcClient({ config: box.config, safetyPollInterval: 100 });
  });
  afterAll(async () => {
    client.close();
    await box.remove();
    Logger.overrideLogger(new ConsoleLogger());
  });

  it.each<[string, (request: SyftRequest) => Partial<SyftRequest>]>([
    ['another id', () => ({ id: randomUUID() })],
    ['another sender', () => ({ sender: 'mallory@example.com' })],
    [
      'another url',
      () => ({ url: 'syft://alice@example.com/app_data/demo/rpc/other' }),
    ],
  ])(
    'should refuse a response with %s (500, the files kept)',
    async (_case, forge) => {
      const folder = join(
        box.config.datasites,
        'alice@example.com',
        'app_data',
        'demo',
        'rpc',
        'echo',
        BOB,
      );
      const sent = client.send(URL, { body: 'hi', timeout: 10_000 });
      let requestFile = '';
      await waitFor(async () => {
        requestFile =
          (await readdir(folder).catch(() => [] as string[])).find(f =>
            f.endsWith('.request'),
          ) ?? '';
        return requestFile !== '';
      });
      const original = JSON.parse(
        await readFile(join(folder, requestFile), 'utf8'),
      ) as {
        id: string;
      };
      const id = original.id;
      const { method: _method, ...fields } = {
        ...request({ id, sender: 'alice@example.com' }),
        ...forge(request({ id })),
      };
      await writeFile(
        join(folder, `${id}.response`),
        formatResponse({ ...fields, statusCode: 200 }),
      );
      const response = await sent;
      expect(response.statusCode).toBe(500);
      expect(response.isSystem).toBe(true);
      expect(response.text()).toMatch(/Error loading response/);
      expect((await readdir(folder)).sort()).toEqual([
        `${id}.request`,
        `${id}.response`,
      ]);
      await Promise.all(
        [`${id}.request`, `${id}.response`].map(name =>
          unlink(join(folder, name)),
        ),
      );
    },
  );
});
