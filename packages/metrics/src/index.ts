/**
 * @mvent/metrics: Prometheus metrics of mvent's pools, events, handlers, RPC and SyftBox apps,
 * on prom-client.
 *
 * @packageDocumentation
 * @module @mvent/metrics
 */
export { MetricsModule } from './metrics.module';
export { MetricsService } from './metrics.service';
export { METRICS_OPTIONS } from './metrics.constants';
export type { MetricsModuleOptions } from './metrics-module-options.interface';
export { HOST_REFUSED_TEXT, isAllowedHost } from './host-check';
export { MventMetrics } from './mvent-metrics';
export { transportMetrics } from './transport-metrics';
export { sumSnapshots, sumStatsForTotals } from './pool-totals';
export type { PoolTotals } from './pool-totals';
