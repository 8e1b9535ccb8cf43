/** Samples kept: one a second for an hour, the longest window the page offers. */
const MAX_SAMPLES = 3601;
/** Event names kept per sample, the most emitted first: the page draws a few of them. */
const NAMES_PER_SAMPLE = 100;

interface Sample {
  t: number;
  total: number;
  byEvent: Map<string, number>;
}

/** Event rates over a window, as the page draws them. */
export interface RateSeries {
  window: number;
  /** The busiest event names in the window, whose rates `byEvent` holds in this order. */
  names: string[];
  points: { t: number; total: number; byEvent: number[] }[];
}

/**
 * The pool's emitted counters, sampled once a second by the dashboard server for up to an
 * hour, so that the page can show the last 1, 15 or 60 minutes from the moment it opens.
 * The counters never go down (those of processes that left are kept in the pool), so a rate
 * is the difference between two samples over their time apart.
 */
export class EventHistory {
  private readonly samples: Sample[] = [];

  /** Adds a sample of each event name's `emitted` counter at time `t` (ms). */
  record(t: number, events: Record<string, { emitted: number }>): void {
    const busiest = Object.entries(events)
      .sort((a, b) => b[1].emitted - a[1].emitted)
      .slice(0, NAMES_PER_SAMPLE);
    let total = 0;
    for (const stats of Object.values(events)) total += stats.emitted;
    this.samples.push({
      t,
      total,
      byEvent: new Map(busiest.map(([name, stats]) => [name, stats.emitted])),
    });
    if (this.samples.length > MAX_SAMPLES) this.samples.shift();
  }

  /** Events per second over the last `window` seconds, in up to `points` steps, with the `top` busiest names. */
  rates(window: number, points = 120, top = 5): RateSeries {
    const end = this.samples.at(-1)?.t ?? 0;
    const inWindow = this.samples.filter(s => s.t >= end - window * 1000);
    const step = (window * 1000) / points;
    const picked: Sample[] = [];
    for (const sample of inWindow) {
      const last = picked.at(-1);
      if (!last || sample.t - last.t >= step) picked.push(sample);
    }
    // The latest sample always counts, so that a history shorter than a step still shows.
    const latest = inWindow.at(-1);
    if (latest && picked.at(-1) !== latest) picked.push(latest);
    const first = inWindow[0];
    const lastSample = inWindow.at(-1);
    const names =
      first && lastSample
        ? [...lastSample.byEvent]
            .map(
              ([name, n]) =>
                [name, n - (first.byEvent.get(name) ?? 0)] as const,
            )
            .sort((a, b) => b[1] - a[1])
            .slice(0, top)
            .map(([name]) => name)
        : [];
    const rate = (a: number, b: number, ms: number) =>
      ms > 0 ? (Math.max(0, b - a) * 1000) / ms : 0;
    return {
      window,
      names,
      points: picked.slice(1).map((sample, i) => {
        const before = picked[i];
        const ms = sample.t - before.t;
        return {
          t: sample.t,
          total: rate(before.total, sample.total, ms),
          byEvent: names.map(name =>
            rate(
              before.byEvent.get(name) ?? 0,
              sample.byEvent.get(name) ?? 0,
              ms,
            ),
          ),
        };
      }),
    };
  }
}
