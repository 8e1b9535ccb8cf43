import { EventHistory } from '../src/dashboard/event-history';

describe("the dashboard's event history", () => {
  it('gives rates per second over the window, for all events and the busiest names', () => {
    const history = new EventHistory();
    // 10 events a second of a, 2 of b, for 120 s.
    for (let s = 0; s <= 120; s++) {
      history.record(s * 1000, {
        a: { emitted: 10 * s },
        b: { emitted: 2 * s },
      });
    }
    const minute = history.rates(60);
    expect(minute.names).toEqual(['a', 'b']);
    expect(minute.points.length).toBeGreaterThanOrEqual(59);
    for (const point of minute.points) {
      expect(point.total).toBeCloseTo(12);
      expect(point.byEvent).toEqual([10, 2]);
    }
    expect(minute.points.at(-1)!.t).toBe(120_000);
    expect(minute.points[0].t).toBeGreaterThanOrEqual(60_000);
  });

  it('steps through a long window in at most 120 points, and shows a history shorter than a step', () => {
    const history = new EventHistory();
    for (let s = 0; s <= 3600; s++)
      history.record(s * 1000, { a: { emitted: s } });
    const hour = history.rates(3600);
    expect(hour.points.length).toBeLessThanOrEqual(121);
    expect(hour.points.every(p => Math.abs(p.total - 1) < 1e-9)).toBe(true);

    const young = new EventHistory();
    young.record(0, { a: { emitted: 0 } });
    young.record(1000, { a: { emitted: 5 } });
    expect(young.rates(900).points).toEqual([
      { t: 1000, total: 5, byEvent: [5] },
    ]);
  });

  it('keeps an hour, and the 100 busiest names of each sample', () => {
    const history = new EventHistory();
    const events = Object.fromEntries(
      Array.from({ length: 150 }, (_, i) => [`e${i}`, { emitted: i }]),
    );
    for (let s = 0; s < 4000; s++) history.record(s * 1000, events);
    expect(history.rates(3600, 120, 200).names).toHaveLength(100);
    expect(history.rates(3600).points[0].t).toBeGreaterThanOrEqual(399_000);
  });
});
