import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MventApplication } from '@mvent/core';
import { ConsoleLogger, Logger, MventFactory } from '@mvent/core';
import { waitFor } from '@mvent/testing';
import { parseRequest, parseResponse, SyftEvents } from '@mvent/syft-events';
import { demoModule, v1Router } from '../support/demo-app';
import type { TempSyftBox } from '../support/syftbox';
import {
  createSyftBox,
  FIXTURES,
  place,
  waitForJson,
} from '../support/syftbox';

interface FixtureCase {
  name: string;
  meta: { request_file: string; response_file: string; status_code: number };
  request: string;
  response: string;
}

const FUTURE = '2099-01-01T00:00:00.061476+00:00';

async function loadCases(): Promise<FixtureCase[]> {
  const names = (await readdir(FIXTURES, { withFileTypes: true }))
    .filter(entry => entry.isDirectory())
    .map(entry => entry.name);
  return Promise.all(
    names.map(async name => ({
      name,
      meta: JSON.parse(
        await readFile(join(FIXTURES, name, 'meta.json'), 'utf8'),
      ) as FixtureCase['meta'],
      request: await readFile(join(FIXTURES, name, 'request.json'), 'utf8'),
      response: await readFile(join(FIXTURES, name, 'response.json'), 'utf8'),
    })),
  );
}

/**
 * The recorded requests expired 15 minutes after they were written; every case except the
 * expired one gets a future `expires`, written in the same style (Python or Go).
 */
function revive(fixture: FixtureCase): string {
  if (fixture.name === 'expired_request_419') return fixture.request;
  return fixture.request.replace(
    /("expires":\s*")([^"]+)(")/,
    (_m, open: string, value: string, close: string) =>
      `${open}${value.endsWith('Z') ? '2099-01-01T00:00:00.061476123Z' : FUTURE}${close}`,
  );
}

describe('Python fixtures answered by the TypeScript server', () => {
  let box: TempSyftBox;
  let app: MventApplication;
  let cases: FixtureCase[];

  beforeAll(async () => {
    Logger.overrideLogger(false);
    cases = await loadCases();
    box = await createSyftBox();
    // Half the cases wait on disk before the server starts, half arrive while it runs.
    const [before, after] = [
      cases.filter((_, i) => i % 2 === 0),
      cases.filter((_, i) => i % 2 === 1),
    ];
    for (const fixture of before) {
      await place(
        join(box.config.datasites, fixture.meta.request_file),
        revive(fixture),
      );
    }
    app = await MventFactory.create(demoModule(box.config), { logger: false });
    await app.listen();
    // As the Python demo: the router is included after the decorated routes.
    app.get(SyftEvents).includeRouter(v1Router, '/v1');
    for (const fixture of after) {
      await place(
        join(box.config.datasites, fixture.meta.request_file),
        revive(fixture),
      );
    }
  });

  afterAll(async () => {
    await app?.close();
    await box?.remove();
    Logger.overrideLogger(new ConsoleLogger());
  });

  it('has all ten cases', () => {
    expect(cases).toHaveLength(10);
  });

  it.each([
    'expired_request_419',
    'get_echo_no_body_headers',
    'go_style_request_nanos_Z',
    'handler_exception_500',
    'malformed_request_400',
    'post_add_invalid_body_400',
    'post_add_pydantic_model',
    'post_echo_binary',
    'post_text_unicode',
    'response_201_with_headers',
  ])('%s: Python status and a Python-shaped envelope', async name => {
    const fixture = cases.find(c => c.name === name)!;
    const text = await waitForJson(
      join(box.config.datasites, fixture.meta.response_file),
    );
    const ours = parseResponse(text);
    const python = parseResponse(fixture.response);

    expect(ours.statusCode).toBe(fixture.meta.status_code);
    expect(Object.keys(JSON.parse(text) as object)).toEqual(
      Object.keys(JSON.parse(fixture.response) as object),
    );
    expect(text).toMatch(
      /"created":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00"/,
    );
    expect(text.endsWith('}\n')).toBe(true);
    expect(ours.id).toBe(python.id);
    expect(ours.sender).toBe('alice@example.com');
    expect(ours.url).toBe(python.url);

    if (name === 'malformed_request_400') {
      // Python's shape for unreadable files: the folder's URL, a day's expiry.
      expect(ours.expires.millis).toBeGreaterThan(Date.now() + 23 * 3_600_000);
      return;
    }
    const request = parseRequest(revive(fixture));
    expect(ours.expires.toString()).toBe(request.expires.toString());
    if (ours.statusCode !== 400) {
      // Same logic, same bytes: 200, 201, 419 and the production 500 text.
      expect(ours.body).toEqual(python.body);
      expect(ours.headers).toEqual(python.headers);
    }
  });

  it('lays out rpc/ as Python: syft.pub.yaml byte-identical', async () => {
    const rpc = box.rpcDir('demo');
    expect(await readFile(join(rpc, 'syft.pub.yaml'), 'utf8')).toBe(
      await readFile(join(FIXTURES, 'syft.pub.yaml'), 'utf8'),
    );
    await expect(readFile(join(rpc, 'add', '.syftkeep'), 'utf8')).resolves.toBe(
      '',
    );
  });

  it('publishes the rpc.schema.json Python wrote for the same handlers, byte for byte', async () => {
    await waitFor(async () =>
      (
        await readFile(join(box.rpcDir('demo'), 'rpc.schema.json'), 'utf8')
      ).includes('/v1/ping'),
    );
    const python = JSON.parse(
      await readFile(join(FIXTURES, 'rpc.schema.json'), 'utf8'),
    ) as Record<string, { args: Record<string, unknown> }>;
    // The one documented difference: Python lists a handler's `app: SyftEvents`
    // parameter as an argument; a TypeScript controller gets the app injected.
    delete python['/add'].args.app;
    expect(
      await readFile(join(box.rpcDir('demo'), 'rpc.schema.json'), 'utf8'),
    ).toBe(JSON.stringify(python, null, 2));
  });
});
