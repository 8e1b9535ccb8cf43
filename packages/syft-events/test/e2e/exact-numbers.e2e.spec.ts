import { ConsoleLogger, Logger } from '@mvent/core';
import type { JsonNumbers } from '@mvent/core';
import { SyftEvents, SyftRpcClient } from '@mvent/syft-events';
import type { TempSyftBox } from '../support/syftbox';
import { createSyftBox } from '../support/syftbox';

/** A body as Python's `json.dumps` writes it: an int beyond 2^53 and a float `1.0`. */
const PYTHON_BODY =
  '{"n": 12345678901234567890, "f": 1.0, "xs": [9007199254740993, 2.5, -1e400]}';

describe('numbers through a TypeScript handler, as Python keeps them', () => {
  let box: TempSyftBox;
  const servers: SyftEvents[] = [];
  let client: SyftRpcClient;
  const seen: Record<JsonNumbers, unknown> = { exact: null, lossless: null };

  beforeAll(async () => {
    Logger.overrideLogger(false);
    box = await createSyftBox();
    for (const jsonNumbers of ['exact', 'lossless'] as const) {
      const server = new SyftEvents(jsonNumbers, {
        config: box.config,
        jsonNumbers,
      });
      server.onRequest('/echo', request => {
        seen[jsonNumbers] = request.json();
        return seen[jsonNumbers];
      });
      await server.start();
      servers.push(server);
    }
    client = new SyftRpcClient({
      config: { ...box.config, email: 'bob@example.com' },
    });
  });

  afterAll(async () => {
    client.close();
    await Promise.all(servers.map(server => server.stop()));
    await box.remove();
    Logger.overrideLogger(new ConsoleLogger());
  });

  const send = (app: string) =>
    client.send(`syft://alice@example.com/app_data/${app}/rpc/echo`, {
      method: 'POST',
      body: Buffer.from(PYTHON_BODY),
    });

  it('by default, gives integers beyond 2^53 as exact bigints and writes them back exactly', async () => {
    const response = await send('exact');
    expect(seen.exact).toEqual({
      n: 12345678901234567890n,
      f: 1,
      xs: [9007199254740993n, 2.5, -Infinity],
    });
    expect(response.text()).toBe(
      '{"n":12345678901234567890,"f":1,"xs":[9007199254740993,2.5,null]}',
    );
    expect(response.json()).toEqual({
      n: 12345678901234567890n,
      f: 1,
      xs: [9007199254740993n, 2.5, null],
    });
  });

  it("with jsonNumbers: 'lossless', gives every number's text back unchanged", async () => {
    const response = await send('lossless');
    const body = seen.lossless as Record<string, { toString(): string }>;
    expect(body.f.toString()).toBe('1.0');
    expect(Number(body.f)).toBe(1);
    expect(response.text()).toBe(
      '{"n":12345678901234567890,"f":1.0,"xs":[9007199254740993,2.5,-1e400]}',
    );
  });
});
