import type { MventTransport, TransportStats } from '@mvent/core';
import { SnapshotMetric } from './snapshot-metric';

/** Each counter of `TransportStats`, as a Prometheus counter of this process. */
const COUNTERS: [keyof TransportStats, string, string][] = [
  ['disconnects', 'disconnects', 'Connections to the broker lost.'],
  ['reconnects', 'reconnects', 'Connections to the broker regained.'],
  ['published', 'published', 'Events published.'],
  ['duplicates', 'duplicates', 'Publishes the broker recognised as retries.'],
  ['delivered', 'delivered', 'Deliveries to handlers, first ones.'],
  ['redelivered', 'redelivered', 'Redeliveries to handlers.'],
  ['acknowledged', 'acknowledged', 'Deliveries acknowledged.'],
  [
    'deadLettered',
    'dead_lettered',
    'Events that failed maxDeliver times and went to the dead letters.',
  ],
  [
    'refused',
    'refused',
    "Messages refused as not mvent's own (malformed, a foreign sequence, another event's subject).",
  ],
  [
    'dataLost',
    'data_lost',
    'Times the broker was seen to have lost stored data (groups or sequences gone).',
  ],
  ['requests', 'requests', 'Requests sent.'],
  ['served', 'served', 'Requests served.'],
];

/**
 * The metrics of `transport` (NATS, Redis, shared memory), this process's counters labelled
 * with the transport's name: `mvent_transport_<counter>_total` and
 * `mvent_transport_connected`, so that what was refused or lost is never silent.
 * `MetricsModule` adds them when the app imports `MventEventsModule`.
 *
 * @publicApi
 */
export function transportMetrics(transport: MventTransport): SnapshotMetric[] {
  const labels = { transport: transport.name };
  return [
    new SnapshotMetric(
      'mvent_transport_connected',
      'Whether the connection to the broker is up (1) or not (0).',
      'gauge',
      () => [{ labels, value: transport.stats().connected ? 1 : 0 }],
    ),
    ...COUNTERS.map(
      ([field, name, help]) =>
        new SnapshotMetric(
          `mvent_transport_${name}_total`,
          help,
          'counter',
          () => [{ labels, value: transport.stats()[field] as number }],
        ),
    ),
  ];
}
