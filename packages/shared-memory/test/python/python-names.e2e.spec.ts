import { Logger } from '@mvent/core';
import {
  InMemoryHTTPManager,
  MemoryRpcTimeoutError,
  MonitoringTools,
  SharedMemoryPool,
  SocketsManager,
  StreamingEvent,
} from '@mvent/shared-memory';
import type { TempDir } from '@mvent/testing';
import { createTempDir, waitFor } from '@mvent/testing';
import type { Worker } from '../e2e/worker.util';
import { startWorker } from '../e2e/worker.util';

const COUNT = 2_000;

describe("Python mvent's StreamingEvent, SocketsManager and MonitoringTools across processes", () => {
  let dir: TempDir;
  let pool: SharedMemoryPool;
  let worker: Worker;
  beforeAll(async () => {
    Logger.overrideLogger(false);
    dir = await createTempDir('mvent-python-names-');
    pool = new SharedMemoryPool({
      name: 'python',
      dir: dir.path,
    });
    worker = await startWorker(
      'python',
      dir.path,
      undefined,
      'python-names-worker.ts',
    );
  });
  afterAll(async () => {
    await worker.kill();
    await pool.close();
    await dir.remove();
  });

  it('StreamingEvent: every chunk another process publishes arrives once, in order', async () => {
    const stream = new StreamingEvent<{ i: number }>('chatroom1', pool);
    await stream.ready();
    const received: number[] = [];
    stream.subscribe(data => received.push(data.i));
    await worker.request('publish', { count: COUNT });
    await waitFor(() => received.length >= COUNT);
    expect(received).toEqual([...Array(COUNT).keys()]);
    expect(stream.streamKey).toBe('chatroom1');
    await stream.stop();
    expect(pool.getStats().name).toBe('python'); // a pool passed in stays open
  });

  it('SocketsManager: a callback gets each message, in order, from another process', async () => {
    const sockets = new SocketsManager(pool);
    sockets.connect('room1');
    const messages: number[] = [];
    const senders = new Set<string>();
    sockets.subscribe<{ i: number }>('room1', (message, envelope) => {
      messages.push(message.i);
      senders.add(envelope.from);
    });
    await worker.request('send', { room: 'room1', count: COUNT });
    await waitFor(() => messages.length >= COUNT);
    expect(messages).toEqual([...Array(COUNT).keys()]);
    expect([...senders]).toEqual(['worker']);
    expect(sockets.history('room1', 3).map(m => m.message)).toEqual([
      { i: COUNT - 3 },
      { i: COUNT - 2 },
      { i: COUNT - 1 },
    ]);
    expect(
      sockets
        .members('room1')
        .map(m => m.name)
        .sort(),
    ).toEqual(['worker', `pid-${process.pid}`].sort());
    sockets.disconnect('room1');
    const observer = new SocketsManager(pool);
    const observed: unknown[] = [];
    observer.subscribe('room1', message => observed.push(message));
    await worker.request('send', { room: 'room1', count: 1 });
    await waitFor(() => observed.length === 1);
    expect(messages).toHaveLength(COUNT); // disconnected: not called again
    await observer.cleanup();
    await sockets.cleanup();
  });

  it('InMemoryHTTPManager: a request reaches the process that serves the route; timeouts are seconds', async () => {
    const http = new InMemoryHTTPManager(pool);
    const servedBy = await worker.request<number>('serve');
    const resp = await http.sendRequest<{ greeting: string; pid: number }>(
      '/greet',
      { method: 'POST', data: { name: 'Alice' } },
    );
    expect(resp.statusCode).toBe(200);
    expect(resp.body).toEqual({ greeting: 'Hello, Alice!', pid: servedBy });
    expect(http.getRoutes()).toEqual(
      expect.arrayContaining([{ path: '/greet', pids: [servedBy] }]),
    );
    const started = Date.now();
    await expect(http.sendRequest('/never', { timeout: 0.3 })).rejects.toThrow(
      MemoryRpcTimeoutError,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(Date.now() - started).toBeLessThan(5_000); // 0.3 s, not 0.3 ms nor 300 s
    await http.close();
  });

  it('MonitoringTools: counts and timings recorded in two processes add up', async () => {
    const monitor = new MonitoringTools(pool);
    const square = monitor.wrapHandler('square', (x: number) => x * x);
    expect(square(4)).toBe(16);
    monitor.recordEvent('test_event');
    await worker.request('record', { count: 50 });
    expect(monitor.getEventStats()).toEqual({ test_event: 51 });
    const perf = monitor.getHandlerStats().square;
    expect(perf.calls).toBe(51);
    expect(perf.totalTime).toBeGreaterThan(0);
    expect(perf.avgTime).toBeCloseTo(perf.totalTime / 51, 9);
    expect(monitor.getMemoryStats()).toMatchObject({ name: 'python' });
  });

  it('MonitoringTools: a failure is not recorded; async handlers and methods are timed', async () => {
    const monitor = new MonitoringTools(pool);
    const failing = monitor.wrapHandler('failing', () => {
      throw new Error('boom');
    });
    expect(() => failing()).toThrow('boom');
    const slow = monitor.wrapHandler('slow', async (ms: number) => {
      await new Promise(resolve => setTimeout(resolve, ms));
      return 'done';
    });
    await expect(slow(30)).resolves.toBe('done');
    class Service {
      @monitor.wrapHandler('method')
      double(x: number) {
        return x * 2;
      }
    }
    expect(new Service().double(21)).toBe(42);
    const stats = monitor.getHandlerStats();
    expect(stats.failing).toBeUndefined();
    expect(stats.slow.totalTime).toBeGreaterThanOrEqual(0.025);
    expect(stats.method.calls).toBe(1);
    expect(() => monitor.recordHandlerPerf('x', -1)).toThrow(TypeError);
  });

  it('each class opens its own pool from a name or options, and closes it', async () => {
    const stream = new StreamingEvent('s', {
      name: 'own_stream',
      dir: dir.path,
    });
    const seen: unknown[] = [];
    stream.subscribe(data => seen.push(data));
    await stream.publish('Welcome to the room!');
    await waitFor(() => seen.length === 1);
    await stream.stop();
    expect(seen).toEqual(['Welcome to the room!']);
    expect(() => new StreamingEvent('bad key!', pool)).toThrow(TypeError);
    const monitor = new MonitoringTools({ name: 'own_monitor', dir: dir.path });
    monitor.recordEvent('e');
    await monitor.close();
    expect(() => monitor.recordEvent('e')).toThrow(/closed/);
  });
});
