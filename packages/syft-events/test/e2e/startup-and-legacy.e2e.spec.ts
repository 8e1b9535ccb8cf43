import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConsoleLogger, Logger } from '@mvent/core';
import type { SyftRequest } from '@mvent/syft-events';
import {
  formatRequest,
  parseResponse,
  SyftEvents,
  SyftTimestamp,
  SyftBoxURL,
} from '@mvent/syft-events';
import { checkPendingRequest } from '../../src/client/response-check';
import type { TempSyftBox } from '../support/syftbox';
import {
  createSyftBox,
  FIXTURES,
  place,
  waitForJson,
} from '../support/syftbox';

function request(id: string, sender = 'bob@example.com'): SyftRequest {
  const now = SyftTimestamp.now();
  return {
    id,
    sender,
    url: 'syft://alice@example.com/app_data/demo/rpc/v1/echo',
    body: Buffer.from(id),
    headers: {},
    created: now,
    expires: now.plus(60_000),
    method: 'POST',
  };
}

describe('startup and legacy requests', () => {
  let box: TempSyftBox;

  beforeEach(async () => {
    Logger.overrideLogger(false);
    box = await createSyftBox();
  });

  afterEach(async () => {
    await box.remove();
    Logger.overrideLogger(new ConsoleLogger());
  });

  it('stops, rather than leave the process to die, on a signal while runForever() starts', async () => {
    const app = new SyftEvents('demo', {
      config: box.config,
      rescanInterval: '1h',
    });
    app.onRequest('/v1/echo', r => r.body);
    const listenersBefore = process.listenerCount('SIGTERM');
    const running = app.runForever();
    // Before start() resolves: a client answered during the first scan may signal now.
    process.emit('SIGTERM', 'SIGTERM');
    await running; // stopped; without the listener in place it would serve for ever
    expect(app.status).toBe('stopped');
    expect(process.listenerCount('SIGTERM')).toBe(listenersBefore);
  });

  it('answers requests written before and during the start, none lost', async () => {
    const app = new SyftEvents('demo', {
      config: box.config,
      rescanInterval: '1h',
    });
    app.onRequest('/v1/echo', r => r.body);
    const folder = join(box.rpcDir('demo'), 'v1', 'echo', 'bob@example.com');
    const ids: string[] = [];
    const write = async () => {
      const id = randomUUID();
      ids.push(id);
      await place(join(folder, `${id}.request`), formatRequest(request(id)));
    };
    for (let i = 0; i < 50; i++) await write();
    const starting = app.start();
    let during = 0;
    while (app.status === 'starting' || during < 50) {
      await write();
      during++;
    }
    await starting;
    try {
      for (const id of ids) {
        const response = parseResponse(
          await waitForJson(join(folder, `${id}.response`)),
        );
        expect(response.body!.toString()).toBe(id);
      }
    } finally {
      await app.stop();
    }
  });

  it('moves legacy requests into their sender folder and answers them there', async () => {
    const app = new SyftEvents('demo', { config: box.config });
    app.onRequest('/v1/echo', r => r.body);
    const endpoint = join(box.rpcDir('demo'), 'v1', 'echo');
    const id = randomUUID();
    await place(join(endpoint, `${id}.request`), formatRequest(request(id)));
    const hostile = randomUUID();
    await place(
      join(endpoint, `${hostile}.request`),
      formatRequest(request(hostile, '../../x')),
    );
    await app.start();
    try {
      const response = parseResponse(
        await waitForJson(join(endpoint, 'bob@example.com', `${id}.response`)),
      );
      expect(response.statusCode).toBe(200);
      expect(
        parseResponse(await waitForJson(join(endpoint, `${hostile}.response`)))
          .statusCode,
      ).toBe(400);
      expect((await readdir(endpoint)).sort()).toEqual(
        [
          '.syftkeep',
          'bob@example.com',
          `${hostile}.request`,
          `${hostile}.response`,
        ].sort(),
      );
      expect(app.getStats().migrated).toBe(1);
    } finally {
      await app.stop();
    }
  });
});

describe('the client reads the Python server’s responses', () => {
  it.each([
    ['post_add_pydantic_model', 200, '{"total":42,"by":"alice@example.com"}'],
    [
      'handler_exception_500',
      500,
      'Internal server error. Please try again later.',
    ],
    ['response_201_with_headers', 201, undefined],
    ['expired_request_419', 419, 'Request expired'],
    ['malformed_request_400', 400, undefined],
  ])('%s', async (name, status, body) => {
    const box = await createSyftBox();
    try {
      const meta = JSON.parse(
        await readFile(join(FIXTURES, name, 'meta.json'), 'utf8'),
      ) as {
        request_file: string;
        response_file: string;
      };
      const responseText = await readFile(
        join(FIXTURES, name, 'response.json'),
        'utf8',
      );
      const requestPath = join(box.config.datasites, meta.request_file);
      const requestText = await readFile(join(FIXTURES, name, 'request.json'));
      await place(requestPath, requestText);
      await place(join(box.config.datasites, meta.response_file), responseText);
      const envelope = parseResponse(responseText);
      // Read as of the moment the Python server answered (the recorded files have expired since).
      const response = checkPendingRequest(
        {
          id: envelope.id,
          dir: join(requestPath, '..'),
          expires: envelope.expires,
          maxBytes: 1 << 20,
          ...expectedOrigin(requestText.toString('utf8'), envelope.url),
        },
        envelope.created.millis,
      );
      expect(response?.statusCode).toBe(status);
      expect(response?.isSystem).toBe(false);
      if (body !== undefined) expect(response?.text()).toBe(body);
      expect(await readdir(join(requestPath, '..'))).toEqual([]); // consumed, as Python does
    } finally {
      await box.remove();
    }
  });
});

/** What the client checks a response against: the request's url and receiver, from its file. */
function expectedOrigin(
  requestText: string,
  fallbackUrl: string,
): { url: string; receiver: string } {
  let url = fallbackUrl; // a malformed request file has no url to read
  try {
    url = (JSON.parse(requestText) as { url: string }).url;
  } catch {
    // keep the fallback
  }
  return { url, receiver: SyftBoxURL.parse(url).host };
}
