import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ConsoleLogger, Logger, Response } from '@mvent/core';
import { formatRequest, parseResponse, SyftEvents } from '@mvent/syft-events';
import { waitFor } from '@mvent/testing';
import type { TempSyftBox } from '../support/syftbox';
import {
  createSyftBox,
  echoRequest,
  place,
  waitForJson,
} from '../support/syftbox';

const BOB = 'bob@example.com';

const request = echoRequest;

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter(entry => !entry.isDirectory())
    .map(entry => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}

describe('hostile request files', () => {
  let box: TempSyftBox;
  let app: SyftEvents;
  let echo: string;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    box = await createSyftBox();
    app = new SyftEvents('demo', {
      config: box.config,
      partialWriteTimeout: 200,
    });
    app.onRequest('/echo', req => new Response(req.body, 200));
    app.onRequest('/odd', () => new Response('odd', 299));
    await app.start();
    echo = join(box.rpcDir('demo'), 'echo');
  });

  afterAll(async () => {
    await app.stop();
    await box.remove();
    Logger.overrideLogger(new ConsoleLogger());
  });

  /** Places a request file in `folder` and returns the status of its answer. */
  async function answer(
    folder: string,
    text: string | Buffer,
    id = randomUUID(),
  ): Promise<number> {
    const path = join(folder, `${id}.request`);
    await place(path, text);
    return parseResponse(
      await waitForJson(path.replace(/\.request$/, '.response')),
    ).statusCode;
  }

  it.each<[string, (id: string) => string | Buffer, number]>([
    [
      'sender = ../../x',
      id => formatRequest(request({ id, sender: '../../x' })),
      400,
    ],
    [
      'a sender that differs from its folder',
      id => formatRequest(request({ id, sender: 'carol@example.com' })),
      400,
    ],
    [
      'a url pointing elsewhere',
      id =>
        formatRequest(
          request({ id, url: 'syft://alice@example.com/public/dropzone' }),
        ),
      400,
    ],
    [
      'a url of another datasite',
      id =>
        formatRequest(
          request({
            id,
            url: 'syft://carol@example.com/app_data/demo/rpc/echo',
          }),
        ),
      400,
    ],
    [
      'an id that differs from the file name',
      () => formatRequest(request()),
      400,
    ],
    ['invalid JSON', () => '{"id": nope', 400],
    [
      'a timestamp without an offset',
      id =>
        formatRequest(request({ id })).replace(
          /"created":"([^"+]+)\+00:00"/,
          '"created":"$1"',
        ),
      400,
    ],
    [
      'an unknown method',
      id =>
        formatRequest(request({ id })).replace(
          '"method":"POST"',
          '"method":"BREW"',
        ),
      400,
    ],
    [
      'a body over the size limit (10 MB)',
      id =>
        formatRequest(request({ id, body: Buffer.alloc(10 * 1024 * 1024, 1) })),
      400,
    ],
    [
      'a file that is not UTF-8',
      id =>
        Buffer.concat([
          Buffer.from(formatRequest(request({ id })).slice(0, -1)),
          Buffer.from([0xff, 0xfe]),
          Buffer.from('}'),
        ]),
      400,
    ],
  ])('%s: 400, beside the request only', async (_case, make, status) => {
    const id = randomUUID();
    const before = await listFiles(box.config.dataDir);
    expect(await answer(join(echo, BOB), make(id), id)).toBe(status);
    const added = (await listFiles(box.config.dataDir)).filter(
      f => !before.includes(f),
    );
    expect(added.sort()).toEqual(
      [`${id}.request`, `${id}.response`]
        .map(f => relative(box.config.dataDir, join(echo, BOB, f)))
        .sort(),
    );
  });

  it('answers a handler status that is not a SyftStatus (299) with 500', async () => {
    const id = randomUUID();
    const url = 'syft://alice@example.com/app_data/demo/rpc/odd';
    expect(
      await answer(
        join(box.rpcDir('demo'), 'odd', BOB),
        formatRequest(request({ id, url })),
        id,
      ),
    ).toBe(500);
  });

  it('answers an unknown endpoint with 404', async () => {
    const id = randomUUID();
    const url = 'syft://alice@example.com/app_data/demo/rpc/nope';
    expect(
      await answer(
        join(box.rpcDir('demo'), 'nope', BOB),
        formatRequest(request({ id, url })),
        id,
      ),
    ).toBe(404);
  });

  it('ignores non-UUID names and symlinked request files, and keeps serving', async () => {
    const outside = join(box.config.dataDir, 'outside');
    await mkdir(outside, { recursive: true });
    const target = join(outside, 'target.json');
    const linkedId = randomUUID();
    await writeFile(target, formatRequest(request({ id: linkedId })));
    await mkdir(join(echo, BOB), { recursive: true });
    await symlink(target, join(echo, BOB, `${linkedId}.request`));
    await place(join(echo, BOB, 'not-a-uuid.request'), '{nope');
    await place(join(echo, BOB, `${randomUUID()}.rejected.request`), '{}');

    const good = randomUUID();
    expect(
      await answer(join(echo, BOB), formatRequest(request({ id: good })), good),
    ).toBe(200);
    await app['rescan'](); // a full scan sees the ignored files again, and still ignores them
    const files = await readdir(join(echo, BOB));
    expect(files).not.toContain(`${linkedId}.response`);
    expect(files).not.toContain('not-a-uuid.response');
    expect(await readdir(outside)).toEqual(['target.json']);
    expect(await readFile(target, 'utf8')).toContain(linkedId);
  });

  it('does not answer 400 to a request still being written', async () => {
    const id = randomUUID();
    const path = join(echo, BOB, `${id}.request`);
    const text = formatRequest(request({ id }));
    await place(path, text.slice(0, 20)); // a writer that has not finished
    await new Promise(resolve => setTimeout(resolve, 50));
    await writeFile(path, text);
    const response = parseResponse(
      await waitForJson(path.replace(/\.request$/, '.response')),
    );
    expect(response.statusCode).toBe(200);
    expect(response.body!.toString()).toBe('{"hello":"world"}');
  });

  it('keeps count of what it answered', async () => {
    await waitFor(() => app.getStats().answered[400] >= 10, {
      description: '400s counted',
    });
    expect(app.getStats().answered[404]).toBe(1);
    expect(app.getStats().ignored).toBeGreaterThanOrEqual(3);
  });
});
