import { Logger } from '@mvent/core';
import type { EventHandler } from '@mvent/shared-memory';
import { EventManager, SharedMemoryPool } from '@mvent/shared-memory';
import type { TempDir } from '@mvent/testing';
import { createTempDir, waitFor } from '@mvent/testing';
import type { Worker } from '../e2e/worker.util';
import { startWorker } from '../e2e/worker.util';

describe('EventManager (Python mvent’s names)', () => {
  let dir: TempDir;
  let worker: Worker | undefined;
  beforeAll(() => Logger.overrideLogger(false));
  afterEach(async () => {
    await worker?.kill();
    await dir.remove();
  });

  it('subscribe, unsubscribe and stop, with events from another process, a callback counted once', async () => {
    dir = await createTempDir('mvent-event-manager-');
    const pool = new SharedMemoryPool({ name: 'manager', dir: dir.path });
    const events = new EventManager(pool);
    await events.ready;
    const values: unknown[] = [];
    const callback: EventHandler = value => values.push(value);
    events.subscribe('job', callback);
    events.subscribe('job', callback); // a set in Python: still one call per event
    worker = await startWorker('manager', dir.path);
    await worker.request('emit', { event: 'job', count: 3 });
    await waitFor(() => values.length >= 3);
    expect(values).toHaveLength(3);
    events.unsubscribe('job', callback);
    // Subscribed before the emits: the marker comes after the two jobs in the log.
    const marker = new Promise(resolve => events.once('other', resolve));
    await worker.request('emit', { event: 'job', count: 2 });
    await worker.request('emit', { event: 'other', count: 1 });
    await marker;
    expect(values).toHaveLength(3);
    await events.stop();
    await pool.close();
  });
});
