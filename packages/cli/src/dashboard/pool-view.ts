import type { MemoryEventBus } from '@mvent/shared-memory';
import { sumStatsForTotals } from '@mvent/metrics';
import { userEvents } from './dashboard-stats';
import { EventHistory } from './event-history';

/**
 * One pool the dashboard shows: its bus, and its event counters sampled once a second so
 * that the page can draw up to an hour from when the dashboard started.
 */
export class PoolView {
  readonly history = new EventHistory();
  private readonly sampler: NodeJS.Timeout;

  constructor(readonly bus: MemoryEventBus) {
    this.sample();
    this.sampler = setInterval(() => this.sample(), 1000).unref();
  }

  /** The pool's name. */
  get name(): string {
    return this.bus.pool.name;
  }

  /** Stops sampling. */
  close(): void {
    clearInterval(this.sampler);
  }

  private sample(): void {
    this.history.record(
      Date.now(),
      Object.fromEntries(userEvents(sumStatsForTotals(this.bus).events)),
    );
  }
}
