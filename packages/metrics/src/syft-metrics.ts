import type { SyftEvents } from '@mvent/syft-events';
import { countRequests } from '@mvent/syft-events';
import { SnapshotMetric } from './snapshot-metric';

const CLEANUP_KINDS = [
  'requestsDeleted',
  'responsesDeleted',
  'markersDeleted',
  'foldersDeleted',
] as const;

/** The metrics of one SyftBox app: responses by status, request files by state, cleanup. */
export function syftMetrics(syft: SyftEvents): SnapshotMetric[] {
  const app = { app: syft.appName };
  return [
    new SnapshotMetric(
      'mvent_syft_responses_total',
      'SyftBox responses written, by status.',
      'counter',
      () =>
        Object.entries(syft.getStats().answered).map(([status, count]) => ({
          labels: { ...app, status },
          value: count,
        })),
    ),
    new SnapshotMetric(
      'mvent_syft_requests',
      'SyftBox request files of the app, by state (pending, answered, expired).',
      'gauge',
      async () =>
        Object.entries(await countRequests(syft.rpcDir)).map(
          ([state, count]) => ({ labels: { ...app, state }, value: count }),
        ),
    ),
    new SnapshotMetric(
      'mvent_syft_cleanup_deleted_total',
      'Files removed by the cleanup, by kind.',
      'counter',
      () => {
        const stats = syft.getCleanupStats();
        return CLEANUP_KINDS.map(kind => ({
          labels: { ...app, kind: kind.replace('Deleted', '') },
          value: stats[kind],
        }));
      },
    ),
  ];
}
