import { mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ConsoleLogger, Logger } from '@mvent/core';
import {
  SyftEvents,
  SyftRpcClient,
  SyftTimeoutError,
  UnsafeFolderError,
} from '@mvent/syft-events';
import type { TempDir } from '@mvent/testing';
import { createTempDir } from '@mvent/testing';
import type { TempSyftBox } from '../support/syftbox';
import { createSyftBox } from '../support/syftbox';

/** Another user's folder, where a planted link would take our writes. */
describe('links planted in the datasites are never written through', () => {
  let box: TempSyftBox;
  let outside: TempDir;
  beforeEach(async () => {
    Logger.overrideLogger(false);
    box = await createSyftBox();
    outside = await createTempDir('mvent-outside-');
  });
  afterEach(async () => {
    await box.remove();
    await outside.remove();
    Logger.overrideLogger(new ConsoleLogger());
  });

  it('a server whose app_data/<app> is a link refuses to start and writes nothing there', async () => {
    const appData = join(box.config.datasites, box.config.email, 'app_data');
    mkdirSync(appData, { recursive: true });
    symlinkSync(outside.path, join(appData, 'shop'));
    const server = new SyftEvents('shop', { config: box.config });
    server.onRequest('/echo', request => request.body);
    await expect(server.start()).rejects.toThrow(UnsafeFolderError);
    await expect(server.start()).rejects.toThrow(/shop: it is a symbolic link/);
    expect(readdirSync(outside.path)).toEqual([]);
    await server.stop();
  });

  it("a client does not write a request through a link in the receiver's folder", async () => {
    const rpc = box.rpcDir('shop', 'carol@example.com');
    mkdirSync(rpc, { recursive: true });
    symlinkSync(outside.path, join(rpc, 'echo'));
    const client = new SyftRpcClient({
      config: { ...box.config, email: 'bob@example.com' },
    });
    try {
      await expect(
        client.send('syft://carol@example.com/app_data/shop/rpc/echo', {
          body: 'secret',
          timeout: '2s',
        }),
      ).rejects.toThrow(UnsafeFolderError);
      expect(readdirSync(outside.path)).toEqual([]);
    } finally {
      client.close();
    }
  });

  it('says at once when the addressed endpoint does not exist, instead of waiting in silence', async () => {
    const warnings: string[] = [];
    Logger.overrideLogger({
      log: () => undefined,
      error: () => undefined,
      warn: (message: unknown) => void warnings.push(String(message)),
    });
    const client = new SyftRpcClient({
      config: { ...box.config, email: 'bob@example.com' },
    });
    try {
      await expect(
        client.send('syft://carol@example.com/app_data/typo/rpc/echo', {
          timeout: '300ms',
        }),
      ).rejects.toThrow(SyftTimeoutError);
      expect(warnings).toEqual([
        expect.stringMatching(
          /app_data\/typo\/rpc\/echo: no server has laid out .*app_data\/typo\/rpc \(a wrong app name.* waiting up to 300ms/,
        ),
      ]);
      // An app that exists, and a path its `{id}` route would serve: nothing to warn about.
      mkdirSync(
        join(box.config.datasites, 'carol@example.com/app_data/real/rpc'),
        { recursive: true },
      );
      await expect(
        client.send('syft://carol@example.com/app_data/real/rpc/notes/2', {
          timeout: '300ms',
        }),
      ).rejects.toThrow(SyftTimeoutError);
      expect(warnings).toHaveLength(1);
    } finally {
      client.close();
    }
  });
});
