import { Registry } from 'prom-client';
import type { MventTransport } from '@mvent/core';
import type { MemoryEventBus } from '@mvent/shared-memory';
import { DURATION_BUCKETS_MS } from '@mvent/shared-memory';
import type { SyftEvents } from '@mvent/syft-events';
import type { PoolTotals } from './pool-totals';
import { sumStatsForTotals } from './pool-totals';
import type { MetricSample } from './snapshot-metric';
import { histogramSamples, SnapshotMetric } from './snapshot-metric';
import { AppRequestCounts, syftMetrics } from './syft-metrics';
import { transportMetrics } from './transport-metrics';

/** Scrapes within this many ms share one reading of the pool's statistics. */
const TOTALS_TTL_MS = 250;

/**
 * mvent's Prometheus metrics for one pool (and, when given, one SyftBox app and one broker
 * transport), in a prom-client `Registry`: events, handlers and RPC summed over every process
 * attached to the pool, the pool's own sizes, the app's requests, and the transport's
 * counters of this process. `metrics()` is the text to serve at `/metrics`.
 *
 * @example
 * ```ts
 * const metrics = new MventMetrics(app.get(MemoryEventBus));
 * console.log(await metrics.metrics());
 * ```
 * @publicApi
 */
export class MventMetrics {
  /** The prom-client registry: add your own metrics to it. */
  readonly registry = new Registry();
  private totals: { at: number; value: PoolTotals } | undefined;
  private readonly requests: AppRequestCounts | undefined;

  constructor(
    private readonly bus: MemoryEventBus,
    syft?: SyftEvents,
    transport?: MventTransport,
  ) {
    this.requests = syft && new AppRequestCounts(syft.rpcDir);
    const pool = { pool: bus.pool.name };
    const metric = (
      name: string,
      help: string,
      type: 'counter' | 'gauge' | 'histogram',
      samples: () => MetricSample[] | Promise<MetricSample[]>,
    ) =>
      this.registry.registerMetric(
        new SnapshotMetric(name, help, type, samples) as never,
      );
    const perEvent = (field: 'emitted' | 'delivered') => () =>
      Object.entries(this.poolTotals().events).map(([event, stats]) => ({
        labels: { ...pool, event },
        value: stats[field],
      }));
    const perHandler =
      (field: 'calls' | 'errors' | 'invalid' | 'refused') => () =>
        Object.entries(this.poolTotals().handlers).map(([handler, stats]) => ({
          labels: { ...pool, handler },
          value: stats[field],
        }));
    const poolStat =
      (
        read: (stats: ReturnType<MemoryEventBus['pool']['getStats']>) => number,
      ) =>
      () => [{ labels: pool, value: read(bus.pool.getStats()) }];

    metric(
      'mvent_events_emitted_total',
      'Events emitted, by every process of the pool.',
      'counter',
      perEvent('emitted'),
    );
    metric(
      'mvent_events_delivered_total',
      'Event deliveries to handlers, by every process of the pool.',
      'counter',
      perEvent('delivered'),
    );
    metric(
      'mvent_event_gaps_total',
      'Events lost to retention before a process read them.',
      'counter',
      () => [{ labels: pool, value: this.poolTotals().memory.gaps }],
    );
    metric(
      'mvent_events_abandoned_total',
      'Events skipped because their writer died in the middle of writing them.',
      'counter',
      () => [{ labels: pool, value: this.poolTotals().memory.abandoned }],
    );
    metric(
      'mvent_handler_calls_total',
      'Event handler calls.',
      'counter',
      perHandler('calls'),
    );
    metric(
      'mvent_handler_errors_total',
      'Event handler calls that failed.',
      'counter',
      perHandler('errors'),
    );
    metric(
      'mvent_handler_invalid_total',
      'Events refused by validation before the handler.',
      'counter',
      perHandler('invalid'),
    );
    metric(
      'mvent_handler_refused_total',
      'Events refused by a guard before the handler.',
      'counter',
      perHandler('refused'),
    );
    metric(
      'mvent_handler_duration_seconds',
      'Event handler durations.',
      'histogram',
      () =>
        Object.entries(this.poolTotals().handlers).flatMap(([handler, stats]) =>
          histogramSamples(
            'mvent_handler_duration_seconds',
            { ...pool, handler },
            DURATION_BUCKETS_MS,
            stats.buckets,
            stats.sumMs,
          ),
        ),
    );
    metric(
      'mvent_rpc_requests_total',
      'RPC requests answered, by transport, route and status.',
      'counter',
      () =>
        Object.values(this.poolTotals().rpc).flatMap(stats =>
          Object.entries(stats.statuses).map(([status, count]) => ({
            labels: {
              ...pool,
              transport: stats.transport,
              route: stats.route,
              status,
            },
            value: count,
          })),
        ),
    );
    metric(
      'mvent_rpc_duration_seconds',
      'RPC durations, pipeline included, by transport and route.',
      'histogram',
      () =>
        Object.values(this.poolTotals().rpc).flatMap(stats =>
          histogramSamples(
            'mvent_rpc_duration_seconds',
            { ...pool, transport: stats.transport, route: stats.route },
            DURATION_BUCKETS_MS,
            stats.buckets,
            stats.sumMs,
          ),
        ),
    );
    metric(
      'mvent_pool_entries',
      'Live entries of the pool.',
      'gauge',
      poolStat(s => s.entries),
    );
    metric(
      'mvent_pool_bytes',
      'Bytes used by entries and the event log.',
      'gauge',
      poolStat(s => s.bytes),
    );
    metric(
      'mvent_pool_max_bytes',
      "The pool's size limit.",
      'gauge',
      poolStat(s => s.maxPoolBytes),
    );
    metric(
      'mvent_pool_expired_total',
      'Entries removed because they expired.',
      'counter',
      poolStat(s => s.expired),
    );
    metric(
      'mvent_pool_attached_processes',
      'Processes attached to the pool.',
      'gauge',
      poolStat(s => s.attachedProcesses),
    );
    metric(
      'mvent_pool_last_seq',
      'Sequence number of the last event.',
      'gauge',
      poolStat(s => s.lastSeq),
    );
    for (const syftMetric of syft ? syftMetrics(syft, this.requests!) : []) {
      this.registry.registerMetric(syftMetric as never);
    }
    for (const each of transport ? transportMetrics(transport) : []) {
      this.registry.registerMetric(each as never);
    }
  }

  /** Stops what the metrics keep running (the watch of a SyftBox app's requests). */
  close(): void {
    this.requests?.close();
  }

  /** The Prometheus text exposition of every metric. */
  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  /** The content type to serve {@link metrics} with. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** The pool's statistics summed over its processes, read at most every 250 ms. */
  poolTotals(): PoolTotals {
    const now = Date.now();
    if (!this.totals || now - this.totals.at > TOTALS_TTL_MS) {
      this.totals = {
        at: now,
        value: sumStatsForTotals(this.bus),
      };
    }
    return this.totals.value;
  }
}
