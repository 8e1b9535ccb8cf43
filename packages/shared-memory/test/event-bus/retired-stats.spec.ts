import { retireSnapshot } from '../../src/monitoring/retired-stats';
import type { StatsSnapshot } from '../../src/monitoring/stats.interface';

const snapshot = (
  emitted: number,
  names = ['order.created'],
): StatsSnapshot => ({
  pid: 42,
  events: Object.fromEntries(
    names.map(name => [
      name,
      { emitted, delivered: emitted * 2, ratePerSecond: 9 },
    ]),
  ),
  handlers: {
    'Orders.created': {
      calls: emitted,
      errors: 1,
      invalid: 0,
      refused: 0,
      p50Ms: 3,
      p95Ms: 5,
      sumMs: 10,
      buckets: [1, 2],
    },
  },
  rpc: {
    'memory /orders': {
      transport: 'memory',
      route: '/orders',
      statuses: { 200: emitted },
      sumMs: 4,
      buckets: [emitted],
    },
  },
  memory: { gaps: 1, eventsRead: emitted, subscriptions: 3, statsDropped: 0 },
});

describe('retireSnapshot', () => {
  it('sums the counters of processes that left, and not their gauges', () => {
    const retired = retireSnapshot(
      retireSnapshot(undefined, snapshot(5)),
      snapshot(7),
    );
    expect(retired.events['order.created']).toEqual({
      emitted: 12,
      delivered: 24,
      ratePerSecond: 0,
    });
    expect(retired.handlers['Orders.created']).toMatchObject({
      calls: 12,
      errors: 2,
      sumMs: 20,
      buckets: [2, 4],
      p50Ms: 0,
    });
    expect(retired.rpc['memory /orders'].statuses).toEqual({ 200: 12 });
    expect(retired.memory).toEqual({
      gaps: 2,
      abandoned: 0,
      eventsRead: 12,
      subscriptions: 0,
      statsDropped: 0,
    });
  });

  it('takes back a snapshot retired too early (a live process reaped), to the count', () => {
    const once = retireSnapshot(undefined, snapshot(5));
    const back = retireSnapshot(
      retireSnapshot(structuredClone(once), snapshot(3)),
      snapshot(3),
      -1,
    );
    expect(back).toEqual(once);
  });

  it('keeps at most 1,000 names of a kind and counts the ones it drops', () => {
    const names = Array.from({ length: 1005 }, (_, i) => `event.${i}`);
    const retired = retireSnapshot(undefined, snapshot(1, names));
    expect(Object.keys(retired.events)).toHaveLength(1000);
    expect(retired.memory.statsDropped).toBe(5);
  });
});
