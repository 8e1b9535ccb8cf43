/** The counters of {@link CleanupStats}. */
type Counter =
  | 'requestsDeleted'
  | 'responsesDeleted'
  | 'markersDeleted'
  | 'foldersDeleted'
  | 'errors';

const COUNTERS: Counter[] = [
  'requestsDeleted',
  'responsesDeleted',
  'markersDeleted',
  'foldersDeleted',
  'errors',
];

/**
 * What a cleanup removed, as syft-event's `CleanupStats`: totals from `getStats()` (live:
 * `reset()` clears them), or one run's from `cleanupNow()` and `onCleanupComplete`.
 *
 * @publicApi
 */
export class CleanupStats {
  requestsDeleted = 0;
  responsesDeleted = 0;
  /** Rejected and conflict markers, and temporary files left by a crash. */
  markersDeleted = 0;
  /** Empty sender folders. */
  foldersDeleted = 0;
  /** Files that could not be removed. */
  errors = 0;
  /** When the last run ended, or `null` before the first. */
  lastCleanup: Date | null = null;

  /** Sets every counter to zero and `lastCleanup` to `null`. */
  reset(): void {
    for (const counter of COUNTERS) this[counter] = 0;
    this.lastCleanup = null;
  }

  /** Adds one to `counter`. @internal */
  count(counter: Counter): void {
    this[counter]++;
  }

  /** Adds a run's counts and takes its `lastCleanup`. @internal */
  add(run: CleanupStats): void {
    for (const counter of COUNTERS) this[counter] += run[counter];
    this.lastCleanup = run.lastCleanup;
  }

  /** `CleanupStats(requests=3, responses=3, markers=0, folders=1, errors=0, last_cleanup=2026-…Z)`. */
  toString(): string {
    return (
      `CleanupStats(requests=${this.requestsDeleted}, responses=${this.responsesDeleted}, ` +
      `markers=${this.markersDeleted}, folders=${this.foldersDeleted}, errors=${this.errors}, ` +
      `last_cleanup=${this.lastCleanup?.toISOString() ?? 'never'})`
    );
  }
}
