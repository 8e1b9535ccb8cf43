import {
  mkdir,
  readdir,
  rename,
  rm,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import {
  ConsoleLogger,
  Controller,
  Logger,
  Module,
  MventFactory,
} from '@mvent/core';
import type { FileEvent } from '@mvent/syft-events';
import {
  InvalidTimeIntervalError,
  parseTimeInterval,
  SyftEvents,
  SyftEventsModule,
  Watch,
} from '@mvent/syft-events';
import { waitFor } from '@mvent/testing';
import type { TempSyftBox } from '../support/syftbox';
import { createSyftBox, place } from '../support/syftbox';

describe('@Watch', () => {
  let box: TempSyftBox;
  const seen: FileEvent[] = [];

  @Controller()
  class InboxController {
    @Watch('{datasite}/inbox/*.{json,csv}', {
      events: ['add', 'change', 'unlink', 'move'],
    })
    inbox(event: FileEvent) {
      seen.push(event);
    }

    @Watch('{app_data}/*.txt', { events: ['add'] })
    appData(event: FileEvent) {
      seen.push({ ...event, type: 'add', previousPath: 'app_data' });
    }

    @Watch('*.csv', { events: ['add'] })
    anywhere(event: FileEvent) {
      seen.push({ ...event, previousPath: 'anywhere' });
    }
  }

  beforeAll(async () => {
    Logger.overrideLogger(false);
    box = await createSyftBox();
  });

  afterAll(async () => {
    await box.remove();
    Logger.overrideLogger(new ConsoleLogger());
  });

  it('expands placeholders, matches brace globs and reports add, change, move and unlink', async () => {
    @Module({
      imports: [
        SyftEventsModule.forRoot({ appName: 'demo', config: box.config }),
      ],
      controllers: [InboxController],
    })
    class AppModule {}
    const app = await MventFactory.create(AppModule, { logger: false });
    await app.listen();
    const inbox = join(box.config.datasites, 'alice@example.com', 'inbox');
    const has = (type: string, path: string, tag?: string) =>
      seen.some(
        e =>
          e.type === type &&
          e.path === path &&
          (tag === undefined || e.previousPath === tag),
      );
    try {
      await place(join(inbox, 'a.json'), '{}');
      await waitFor(() => has('add', join(inbox, 'a.json')), {
        description: 'add',
      });
      await writeFile(join(inbox, 'a.json'), '{"x":1}');
      await waitFor(() => has('change', join(inbox, 'a.json')), {
        description: 'change',
      });
      await rename(join(inbox, 'a.json'), join(inbox, 'b.csv'));
      await waitFor(
        () =>
          seen.some(
            e =>
              e.type === 'move' &&
              e.path === join(inbox, 'b.csv') &&
              e.previousPath === join(inbox, 'a.json'),
          ),
        { description: 'move' },
      );
      await rm(join(inbox, 'b.csv'));
      await waitFor(() => has('unlink', join(inbox, 'b.csv')), {
        description: 'unlink',
      });
      await place(join(inbox, 'ignored.yaml'), 'x: 1');

      const appDir = join(
        box.config.datasites,
        'alice@example.com',
        'app_data',
        'demo',
      );
      await place(join(appDir, 'note.txt'), 'hi');
      await waitFor(() => has('add', join(appDir, 'note.txt'), 'app_data'), {
        description: '{app_data}',
      });
      const elsewhere = join(
        box.config.datasites,
        'carol@example.com',
        'deep',
        'x.csv',
      );
      await place(elsewhere, 'a,b');
      await waitFor(() => has('add', elsewhere, 'anywhere'), {
        description: 'relative glob',
      });
      expect(seen.some(e => e.path.endsWith('ignored.yaml'))).toBe(false);
    } finally {
      await app.close();
    }
  });
});

describe('periodic cleanup', () => {
  it('parses intervals with Python texts', () => {
    expect(parseTimeInterval('1d2h30m')).toBe(95_400_000);
    expect(parseTimeInterval('1D')).toBe(86_400_000);
    expect(() => parseTimeInterval('')).toThrow(
      'Time interval cannot be empty',
    );
    expect(() => parseTimeInterval('1x')).toThrow(InvalidTimeIntervalError);
    expect(() => parseTimeInterval('1x')).toThrow(
      /^Invalid time interval format/,
    );
    // The one grammar of every mvent duration: milliseconds and decimals too.
    expect(parseTimeInterval('1500ms')).toBe(1500);
    expect(parseTimeInterval('1.5s')).toBe(1500);
    expect(parseTimeInterval('1d 2h')).toBe(93_600_000);
    expect(() => parseTimeInterval('0s')).toThrow(/must be positive/);
    expect(() => parseTimeInterval('5x3m')).toThrow(
      /^Invalid time interval format/,
    );
  });

  it('removes old requests with responses, orphans, markers and empty sender folders', async () => {
    Logger.overrideLogger(false);
    const box = await createSyftBox();
    const app = new SyftEvents('demo', {
      config: box.config,
      cleanupExpiry: '1d',
      cleanupInterval: '1h',
    });
    app.onRequest('/echo', request => request.body);
    const folder = join(box.rpcDir('demo'), 'echo', 'bob@example.com');
    const emptyFolder = join(box.rpcDir('demo'), 'echo', 'old@example.com');
    await mkdir(emptyFolder, { recursive: true });
    const old = new Date(Date.now() - 2 * 86_400_000);
    const files = {
      oldRequest: '00000000-0000-4000-8000-000000000001.request',
      oldResponse: '00000000-0000-4000-8000-000000000001.response',
      orphan: '00000000-0000-4000-8000-000000000002.response',
      marker: '00000000-0000-4000-8000-000000000003.rejected.request',
      fresh: '00000000-0000-4000-8000-000000000004.response',
    };
    for (const name of Object.values(files)) {
      await place(join(folder, name), '{}');
      if (name !== files.fresh) await utimes(join(folder, name), old, old);
    }
    await utimes(emptyFolder, old, old);
    try {
      await app.start();
      await waitFor(() => app.getCleanupStats().lastCleanup !== null, {
        description: 'a cleanup',
      });
      expect(app.isCleanupRunning()).toBe(true);
      expect(await readdir(folder)).toEqual([files.fresh]);
      expect(await readdir(join(box.rpcDir('demo'), 'echo'))).toEqual([
        '.syftkeep',
        'bob@example.com',
      ]);
      expect(app.getCleanupStats()).toMatchObject({
        requestsDeleted: 1,
        responsesDeleted: 2,
        markersDeleted: 1,
        foldersDeleted: 1,
        errors: 0,
      });
    } finally {
      await app.stop();
      await box.remove();
      Logger.overrideLogger(new ConsoleLogger());
    }
  });
});
