import { readdir, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import type { CleanupStats } from '@mvent/syft-events';
import {
  InvalidTimeIntervalError,
  PeriodicCleanup,
  SyftEvents,
} from '@mvent/syft-events';
import { waitFor } from '@mvent/testing';
import type { TempSyftBox } from '../support/syftbox';
import { createSyftBox, place } from '../support/syftbox';

const QUIET = { log() {}, error() {}, warn() {} };
const OLD = new Date(Date.now() - 10 * 86_400_000);

/** Places `count` answered requests from ten days ago in `app`'s `/echo` folder. */
async function placeOldRequests(
  box: TempSyftBox,
  app: string,
  count: number,
): Promise<string> {
  const folder = join(box.rpcDir(app), 'echo', 'bob@example.com');
  for (let i = 0; i < count; i++) {
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    for (const suffix of ['request', 'response']) {
      const path = join(folder, `${id}.${suffix}`);
      await place(path, '{}');
      await utimes(path, OLD, OLD);
    }
  }
  return folder;
}

describe("syft-event's PeriodicCleanup and CleanupStats", () => {
  let box: TempSyftBox;
  beforeEach(async () => {
    box = await createSyftBox();
  });
  afterEach(() => box.remove());

  it('cleans an app folder now and in the background, calling onCleanupComplete with each run', async () => {
    const folder = await placeOldRequests(box, 'my_app', 3);
    const runs: CleanupStats[] = [];
    const cleanup = new PeriodicCleanup({
      appName: 'my_app',
      cleanupInterval: '1d',
      cleanupExpiry: '7d',
      config: box.config,
      onCleanupComplete: stats => runs.push(stats),
      logger: QUIET,
    });
    expect(cleanup.rpcDir).toBe(box.rpcDir('my_app'));
    expect(cleanup.isRunning()).toBe(false);
    const now = await cleanup.cleanupNow();
    expect(now).toMatchObject({ requestsDeleted: 3, responsesDeleted: 3 });
    expect(await readdir(folder)).toEqual([]);
    expect(runs).toEqual([now]);

    await placeOldRequests(box, 'my_app', 2);
    cleanup.start();
    expect(cleanup.isRunning()).toBe(true);
    await waitFor(() => runs.length === 2, { description: 'a second run' });
    expect(runs[1]).toMatchObject({ requestsDeleted: 2, responsesDeleted: 2 });
    await cleanup.stop();
    expect(cleanup.isRunning()).toBe(false);

    const totals = cleanup.getStats();
    expect(totals).toMatchObject({
      requestsDeleted: 5,
      responsesDeleted: 5,
      errors: 0,
    });
    expect(totals.lastCleanup).toBeInstanceOf(Date);
    expect(String(totals)).toMatch(
      /^CleanupStats\(requests=5, responses=5, markers=0, folders=\d, errors=0, last_cleanup=\d{4}-.*Z\)$/,
    );
    totals.reset(); // the live totals, as Python's stats object
    expect(cleanup.getStats()).toMatchObject({
      requestsDeleted: 0,
      responsesDeleted: 0,
      lastCleanup: null,
    });
  });

  it('keeps recent files and survives a throwing callback', async () => {
    const folder = join(box.rpcDir('fresh'), 'echo', 'bob@example.com');
    await place(
      join(folder, '00000000-0000-4000-8000-000000000001.request'),
      '{}',
    );
    const cleanup = new PeriodicCleanup({
      appName: 'fresh',
      config: box.config,
      onCleanupComplete: () => {
        throw new Error('callback failed');
      },
      logger: QUIET,
    });
    expect((await cleanup.cleanupNow()).requestsDeleted).toBe(0);
    expect(await readdir(folder)).toHaveLength(1);
  });

  it('refuses a bare number for an interval, which Python reads as seconds and Node as ms', () => {
    const make = (value: unknown) => () =>
      new PeriodicCleanup({
        appName: 'x',
        config: box.config,
        cleanupInterval: value as string,
      });
    expect(make(3600)).toThrow(InvalidTimeIntervalError);
    expect(make(3600)).toThrow(/duration string such as '90s'/);
    expect(make('1x')).toThrow(/^Invalid time interval format/);
    expect(
      () =>
        new SyftEvents('x', {
          config: box.config,
          cleanupExpiry: 60 as unknown as string,
        }),
    ).toThrow(/cleanupExpiry takes a duration string/);
  });
});
