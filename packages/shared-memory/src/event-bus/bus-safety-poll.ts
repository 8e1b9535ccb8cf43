import { IDLE_AFTER_MS, IDLE_POLL_MS, SAFETY_POLL_MS } from '../constants';
import type { ProcessRecord } from '../pool/process-record';
import type { SharedMemoryPool } from '../pool/shared-memory-pool';
import type { LogDrain } from './log-drain';

/** Peers are looked up again at most this often. */
const PEER_REFRESH_MS = 1000;

/**
 * A bus's slow safety poll, every 100 ms while events flow and every second when idle: it
 * reads what a lost wake-up left in the log, hands the registry's peers to the bus once a
 * second, and lets go of the pool's read snapshot (a bus reads only the log).
 */
export class BusSafetyPoll {
  private timer: NodeJS.Timeout | undefined;
  private lastPeerRefresh = 0;
  private stopped = false;

  constructor(
    private readonly pool: SharedMemoryPool,
    private readonly log: LogDrain,
    /** Runs with the live peers, at most once a second. */
    private readonly onPeers: (peers: ProcessRecord[]) => void,
  ) {
    this.schedule();
  }

  /** Stops polling for good. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(): void {
    const idle = Date.now() - this.log.lastActivity > IDLE_AFTER_MS;
    this.timer = setTimeout(
      () => this.poll(),
      idle ? IDLE_POLL_MS : SAFETY_POLL_MS,
    ).unref();
  }

  private poll(): void {
    if (this.stopped) {
      return;
    }
    if (Date.now() - this.lastPeerRefresh >= PEER_REFRESH_MS) {
      this.lastPeerRefresh = Date.now();
      this.onPeers(this.pool.processes.peers());
    }
    if (this.log.hasMore()) {
      this.log.drain();
    }
    this.pool.releaseSnapshot();
    this.schedule();
  }
}
