import type { TransportStats } from '@mvent/core';

/** The counters behind {@link TransportStats}, kept by each transport. */
export class TransportCounters implements TransportStats {
  connected = false;
  disconnects = 0;
  reconnects = 0;
  published = 0;
  duplicates = 0;
  delivered = 0;
  redelivered = 0;
  acknowledged = 0;
  deadLettered = 0;
  refused = 0;
  dataLost = 0;
  requests = 0;
  served = 0;

  /** A copy, so that callers can compare snapshots. */
  snapshot(): TransportStats {
    return { ...this };
  }
}
