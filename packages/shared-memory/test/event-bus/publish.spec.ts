import { ConsoleLogger, Logger } from '@mvent/core';
import {
  MemoryEventBus,
  SharedMemoryPool,
  ValueTooLargeError,
} from '@mvent/shared-memory';
import type { TempDir } from '@mvent/testing';
import { createTempDir, waitFor } from '@mvent/testing';

describe('publish, log replay and update', () => {
  let dir: TempDir;
  let pool: SharedMemoryPool;
  let bus: MemoryEventBus;

  beforeEach(async () => {
    Logger.overrideLogger(false);
    dir = await createTempDir('mvent-publish-');
    pool = new SharedMemoryPool({
      name: 'publish',
      dir: dir.path,
      maxValueBytes: 1024,
    });
    bus = new MemoryEventBus(pool);
    await bus.ready;
  });

  afterEach(async () => {
    await bus.close();
    await pool.close();
    await dir.remove();
    Logger.overrideLogger(new ConsoleLogger());
  });

  it('appends messages in order, at increasing positions, without storing a value', async () => {
    const seen: number[] = [];
    bus.on('chat.*', (value: number) => seen.push(value));
    const before = pool.events.tail();
    const seqs = await Promise.all(
      [1, 2, 3].map(i => bus.publish('chat.room', i)),
    );
    expect(seqs[0]).toBe(before);
    expect(seqs[1]).toBeGreaterThan(seqs[0]);
    expect(seqs[2]).toBeGreaterThan(seqs[1]);
    expect(pool.has('chat.room')).toBe(false);
    await waitFor(() => seen.length === 3);
    expect(seen).toEqual([1, 2, 3]);
  });

  it('rejects only the message at fault', async () => {
    const results = await Promise.allSettled([
      bus.publish('a', 1),
      bus.publish('a', 'x'.repeat(4096)),
      bus.publish('a', 3),
    ]);
    expect(results.map(r => r.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(
      ValueTooLargeError,
    );
  });

  it('replays from a position or the last N, then goes live', async () => {
    const first = await bus.publish('s.x', 'a');
    await bus.publish('other', 'skip');
    await bus.publish('s.x', 'b');
    await bus.publish('s.x', 'c');
    const fromFirst: string[] = [];
    const lastTwo: string[] = [];
    bus.on(
      's.x',
      (v: string) => fromFirst.push(v),
      { from: first + 1 } /* any position after the first */,
    );
    bus.on('s.x', (v: string) => lastTwo.push(v), { last: 2 });
    await bus.publish('s.x', 'd');
    await waitFor(() => fromFirst.length === 3 && lastTwo.length === 3);
    expect(fromFirst).toEqual(['b', 'c', 'd']);
    expect(lastTwo).toEqual(['b', 'c', 'd']);
  });

  it("keeps mvent's own events from patterns not written for them", async () => {
    const all: string[] = [];
    const internal: string[] = [];
    bus.on('**', (_v, { event }) => all.push(event));
    bus.on('mvent.**', (_v, { event }) => internal.push(event));
    await bus.publish('mvent.rpc.x', 1);
    bus.emit('user.x', 2);
    await waitFor(() => all.length === 1 && internal.length === 1);
    expect(all).toEqual(['user.x']);
    expect(internal).toEqual(['mvent.rpc.x']);
  });

  it('updates a value atomically', () => {
    expect(pool.update<number>('n', n => (n ?? 0) + 1)).toBe(1);
    expect(pool.update<number>('n', n => (n ?? 0) + 1)).toBe(2);
    expect(pool.get('n')).toBe(2);
  });
});
