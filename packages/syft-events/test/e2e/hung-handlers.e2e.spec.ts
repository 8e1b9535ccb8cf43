import { ConsoleLogger, Logger } from '@mvent/core';
import { SyftEvents, SyftRpcClient } from '@mvent/syft-events';
import { waitFor } from '@mvent/testing';
import type { TempSyftBox } from '../support/syftbox';
import { createSyftBox } from '../support/syftbox';

const URL = (endpoint: string) =>
  `syft://alice@example.com/app_data/demo/rpc/${endpoint}`;
const never = () => new Promise<never>(() => undefined);

describe('handlers that never settle', () => {
  let box: TempSyftBox;
  let client: SyftRpcClient;
  const warnings: string[] = [];
  const logger = {
    log: () => undefined,
    error: () => undefined,
    warn: (message: unknown) => void warnings.push(String(message)),
  };
  beforeEach(async () => {
    Logger.overrideLogger(false);
    warnings.length = 0;
    box = await createSyftBox();
    client = new SyftRpcClient({
      config: { ...box.config, email: 'bob@example.com' },
    });
  });
  afterEach(async () => {
    client.close();
    await box.remove();
    Logger.overrideLogger(new ConsoleLogger());
  });

  it('answer 504 at the handler timeout, so that they cannot starve the other routes', async () => {
    const server = new SyftEvents('demo', {
      config: box.config,
      concurrency: 8,
      handlerTimeout: 300,
      logger,
    });
    server.onRequest('/hang', never);
    server.onRequest('/echo', request => request.text());
    await server.start();
    try {
      const hung = Array.from({ length: 8 }, () =>
        client.send(URL('hang'), { timeout: '10s' }),
      );
      const echo = await client.send(URL('echo'), {
        body: 'still served',
        timeout: '10s',
      });
      expect([echo.statusCode, echo.text()]).toEqual([200, 'still served']);
      const answers = await Promise.all(hung);
      expect(answers.map(answer => answer.statusCode)).toEqual(
        Array(8).fill(504),
      );
      expect(answers[0].text()).toMatch(/did not finish within 300 ms/);
    } finally {
      await server.stop();
    }
  });

  it('do not hold stop() past stopTimeout, and it says how many were left', async () => {
    const server = new SyftEvents('demo', {
      config: box.config,
      handlerTimeout: 0, // no limit: only stopTimeout bounds the wait
      stopTimeout: 500,
      logger,
    });
    let started = 0;
    server.onRequest('/hang', () => {
      started++;
      return never();
    });
    await server.start();
    void client.send(URL('hang'), { timeout: '5s' }).catch(() => undefined);
    void client.send(URL('hang'), { timeout: '5s' }).catch(() => undefined);
    await waitFor(() => started === 2, {
      description: 'both handlers running',
    });
    const before = Date.now();
    await server.stop();
    expect(Date.now() - before).toBeLessThan(3000);
    expect(warnings).toEqual([
      expect.stringMatching(
        /Stopped with 2 request\(s\) still in progress after 500 ms \(stopTimeout\)/,
      ),
    ]);
  });

  it('has work only with a route or a watch, so a client-only app is not told to listen()', () => {
    const server = new SyftEvents('demo', { config: box.config, logger });
    expect(server.hasWork()).toBe(false);
    server.onRequest('/echo', request => request.text());
    expect(server.hasWork()).toBe(true);
  });
});
