/** One sample of a metric, in prom-client's shape. */
export interface MetricSample {
  labels: Record<string, string | number>;
  value: number;
  /** For a histogram's `_bucket`, `_sum` and `_count` lines. */
  metricName?: string;
}

/**
 * A metric whose samples are read from mvent's own statistics at scrape time, registered in a
 * prom-client `Registry`, which formats it. The statistics are totals already (kept by every
 * process and summed across the pool), so there is nothing to increment here.
 */
export class SnapshotMetric {
  readonly aggregator = 'sum';

  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'gauge' | 'histogram',
    private readonly samples: () => MetricSample[] | Promise<MetricSample[]>,
  ) {}

  /** The metric as prom-client's registry reads it. */
  async get(): Promise<{
    name: string;
    help: string;
    type: string;
    values: MetricSample[];
    aggregator: string;
  }> {
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      values: await this.samples(),
      aggregator: this.aggregator,
    };
  }

  /** Nothing to reset: the values live in the statistics. */
  reset(): void {}
}

/**
 * The samples of a histogram from per-bucket counts (`counts[i]` calls at most
 * `boundsMs[i]`, the last count above every bound), in seconds, as Prometheus expects.
 */
export function histogramSamples(
  name: string,
  labels: Record<string, string>,
  boundsMs: readonly number[],
  counts: readonly number[],
  sumMs: number,
): MetricSample[] {
  const samples: MetricSample[] = [];
  let cumulative = 0;
  boundsMs.forEach((bound, i) => {
    cumulative += counts[i] ?? 0;
    samples.push({
      metricName: `${name}_bucket`,
      labels: { ...labels, le: bound / 1000 },
      value: cumulative,
    });
  });
  cumulative += counts[boundsMs.length] ?? 0;
  samples.push(
    {
      metricName: `${name}_bucket`,
      labels: { ...labels, le: '+Inf' },
      value: cumulative,
    },
    { metricName: `${name}_sum`, labels, value: sumMs / 1000 },
    { metricName: `${name}_count`, labels, value: cumulative },
  );
  return samples;
}
