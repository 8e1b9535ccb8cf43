import { existsSync } from 'node:fs';
import type { RequestState, SyftEvents } from '@mvent/syft-events';
import { countRequests, RequestCounter } from '@mvent/syft-events';
import { SnapshotMetric } from './snapshot-metric';

const CLEANUP_KINDS = [
  'requestsDeleted',
  'responsesDeleted',
  'markersDeleted',
  'foldersDeleted',
] as const;

/**
 * An app's request files by state: kept by a {@link RequestCounter} once the app's `rpc/`
 * exists (a scrape then reads no file, however many requests wait), walked until then.
 */
export class AppRequestCounts {
  private counter: RequestCounter | undefined;
  private starting: Promise<void> | undefined;

  constructor(private readonly rpcDir: string) {}

  async counts(): Promise<Record<RequestState, number>> {
    if (!this.counter && !existsSync(this.rpcDir)) {
      return countRequests(this.rpcDir);
    }
    this.starting ??= (async () => {
      const counter = new RequestCounter(this.rpcDir);
      await counter.start();
      this.counter = counter;
    })();
    await this.starting;
    return this.counter!.counts();
  }

  /** Stops the watch. */
  close(): void {
    this.counter?.close();
  }
}

/** The metrics of one SyftBox app: responses by status, request files by state, cleanup. */
export function syftMetrics(
  syft: SyftEvents,
  requests: AppRequestCounts,
): SnapshotMetric[] {
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
        Object.entries(await requests.counts()).map(([state, count]) => ({
          labels: { ...app, state },
          value: count,
        })),
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
