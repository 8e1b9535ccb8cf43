import { firstValueFrom, take, toArray } from 'rxjs';
import { MemoryEventBus, SharedMemoryPool } from '@mvent/shared-memory';
import type { EventEnvelope } from '@mvent/shared-memory';
import { createTempDir, waitFor } from '@mvent/testing';
import type { TempDir } from '@mvent/testing';
import { Logger } from '@mvent/core';

describe('MemoryEventBus', () => {
  let dir: TempDir;
  let pool: SharedMemoryPool;
  let bus: MemoryEventBus;
  let counter = 0;

  beforeAll(async () => {
    dir = await createTempDir('mvent-bus-');
    Logger.overrideLogger(false);
  });
  beforeEach(async () => {
    pool = new SharedMemoryPool({
      name: `bus-${++counter}`,
      dir: dir.path,
    });
    bus = new MemoryEventBus(pool);
    await bus.ready;
  });
  afterEach(async () => {
    await bus.close();
    await pool.close();
  });
  afterAll(() => dir.remove());

  describe('on / emit', () => {
    it('should match dotted patterns segment by segment', async () => {
      const seen: string[] = [];
      bus.on('user.*', (_v, { event }) => seen.push(`one:${event}`));
      bus.on('user.**', (_v, { event }) => seen.push(`any:${event}`));
      bus.on('{user,order}.created', (_v, { event }) =>
        seen.push(`brace:${event}`),
      );
      bus.emit('user.created', 1);
      bus.emit('user.profile.updated', 2);
      bus.emit('order.created', 3);
      await waitFor(() => seen.length === 5);
      expect(seen).toEqual([
        'one:user.created',
        'any:user.created',
        'brace:user.created',
        'any:user.profile.updated',
        'brace:order.created',
      ]);
    });

    it('should isolate a throwing handler, report it to the error hook, and keep the others', async () => {
      const errors: string[] = [];
      const values: number[] = [];
      bus.onError((error, { handler }) =>
        errors.push(`${handler}: ${(error as Error).message}`),
      );
      bus.on('tick', function failing() {
        throw new Error('boom');
      });
      bus.on('tick', (value: number) => values.push(value));
      bus.emit('tick', 1);
      bus.emit('tick', 2);
      await waitFor(() => values.length === 2 && errors.length === 2);
      expect(errors).toEqual(['failing: boom', 'failing: boom']);
      expect(bus.getHandlerStats().failing).toMatchObject({
        calls: 2,
        errors: 2,
      });
    });

    it('should let a handler emit, subscribe and unsubscribe without deadlocking', async () => {
      const seen: string[] = [];
      const subscription = bus.on('ping', (n: number) => {
        seen.push(`ping ${n}`);
        bus.emit('pong', n);
        bus.on('late', () => seen.push('late'));
        subscription.unsubscribe();
      });
      bus.on('pong', (n: number) => seen.push(`pong ${n}`));
      bus.emit('ping', 1);
      bus.emit('ping', 2);
      await waitFor(() => seen.includes('pong 1'));
      bus.emit('late', null);
      await waitFor(() => seen.includes('late'));
      expect(seen).toEqual(['ping 1', 'pong 1', 'late']);
    });

    it('should await async handlers in order for each subscriber', async () => {
      const order: string[] = [];
      bus.on('job', async (n: number) => {
        order.push(`start ${n}`);
        await new Promise(resolve => setTimeout(resolve, n === 1 ? 30 : 1));
        order.push(`end ${n}`);
      });
      bus.emit('job', 1);
      bus.emit('job', 2);
      await waitFor(() => order.length === 4);
      expect(order).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
    });

    it('should support once, off and events$', async () => {
      const once: number[] = [];
      const all: number[] = [];
      const handler = (n: number) => all.push(n);
      bus.once('n', (n: number) => once.push(n));
      bus.on('n', handler);
      const firstTwo = firstValueFrom(
        bus.events$<number>('n').pipe(take(2), toArray()),
      );
      bus.emit('n', 1);
      bus.emit('n', 2);
      await waitFor(() => all.length === 2);
      bus.off('n', handler);
      bus.emit('n', 3);
      expect(
        (await firstTwo).map((e: EventEnvelope<number>) => e.value),
      ).toEqual([1, 2]);
      expect(once).toEqual([1]);
      expect(all).toEqual([1, 2]);
    });
  });

  describe('retention', () => {
    it('should send a gap notice with the exact count, never a silent loss, to a process that fell behind', async () => {
      // Terms of 64 KiB: the log holds about 200 of these events.
      const options = {
        name: `small-${counter}`,
        dir: dir.path,
        retention: { bytes: 4 * 64 * 1024 },
      };
      const writer = new SharedMemoryPool(options);
      const other = new SharedMemoryPool(options);
      const writing = new MemoryEventBus(writer);
      const behind = new MemoryEventBus(other);
      const gaps: number[] = [];
      const values: number[] = [];
      behind.on('e', ({ i }: { i: number }) => values.push(i), {
        onGap: missed => gaps.push(missed),
      });
      // More than the log holds, in one synchronous burst, before `behind` drains.
      for (let i = 0; i < 400; i++) {
        writing.emit('e', { i, body: 'x'.repeat(1000) });
      }
      await waitFor(() => values.at(-1) === 399);
      const missed = gaps.reduce((sum, n) => sum + n, 0);
      expect(gaps.length).toBeGreaterThan(0);
      expect(missed + values.length).toBe(400);
      expect(values).toEqual(Array.from(values, (_, k) => missed + k));
      expect(behind.getMemoryStats().gaps).toBe(missed);
      await Promise.all([writing.close(), behind.close()]);
      await Promise.all([writer.close(), other.close()]);
    });
  });

  describe('wake-ups', () => {
    it('wakes a bus that subscribed after it was ready at the first event, not at its safety poll', async () => {
      const other = new SharedMemoryPool({ name: pool.name, dir: dir.path });
      const late = new MemoryEventBus(other);
      await late.ready;
      const received: number[] = [];
      late.on('late', (n: number) => received.push(n));
      // Without its safety poll, only a wake-up can deliver the event.
      (late as unknown as { poll: { stop(): void } }).poll.stop();
      const sent = Date.now();
      bus.emit('late', 1);
      await waitFor(() => received.length === 1);
      expect(Date.now() - sent).toBeLessThan(250);
      await late.close();
      await other.close();
    });

    it('never wakes a bus without subscribers (a publisher), and wakes it once it subscribes', async () => {
      const other = new SharedMemoryPool({ name: pool.name, dir: dir.path });
      const quiet = new MemoryEventBus(other);
      await quiet.ready;
      // Every wake-up of a bus asks its drain to run.
      const drainOf = (quiet as unknown as { log: { schedule(): void } }).log;
      const woken = jest.spyOn(drainOf, 'schedule');
      bus.on('tick', () => undefined); // a reader that is woken, for comparison
      for (let i = 0; i < 20; i++) {
        bus.emit('tick', i);
        await new Promise(resolve => setImmediate(resolve));
      }
      expect(woken).not.toHaveBeenCalled();

      const received: number[] = [];
      quiet.on('tick', (n: number) => received.push(n));
      // The drain its subscription asked for has run by the next turn.
      await new Promise(resolve => setImmediate(resolve));
      woken.mockClear();
      bus.emit('tick', 20);
      await waitFor(() => received.length === 1);
      expect(received).toEqual([20]);
      expect(woken).toHaveBeenCalled();
      await quiet.close();
      await other.close();
    });
  });

  describe('monitoring', () => {
    it('should count emits, deliveries and handler calls, and aggregate processes', async () => {
      let calls = 0;
      bus.on('m', function counted() {
        calls++;
      });
      bus.emit('m', 1);
      bus.emit('m', 2);
      await waitFor(() => calls === 2);
      expect(bus.getEventStats().m).toMatchObject({ emitted: 2, delivered: 2 });
      expect(bus.getEventStats().m.ratePerSecond).toBeCloseTo(0.2);
      expect(bus.getHandlerStats().counted).toMatchObject({
        calls: 2,
        errors: 0,
      });
      expect(bus.getMemoryStats()).toMatchObject({
        entries: 1,
        attachedProcesses: 1,
        subscriptions: 1,
      });
      expect(bus.getAggregatedStats().map(s => s.pid)).toEqual([process.pid]);
    });

    it('should keep the statistics of the 1,000 most recent event names only, and count the others dropped', () => {
      for (let i = 0; i < 10_000; i++) bus.emit(`name.${i}`, i);
      const names = Object.keys(bus.getEventStats());
      expect(names).toHaveLength(1000);
      expect(names[0]).toBe('name.9000');
      expect(names[999]).toBe('name.9999');
      expect(bus.getMemoryStats().statsDropped).toBe(9000);
      // What each heartbeat publishes for the aggregated view stays small.
      const [snapshot] = bus.getAggregatedStats();
      expect(JSON.stringify(snapshot).length).toBeLessThan(200_000);
    });
  });
});
