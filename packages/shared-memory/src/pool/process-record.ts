import { unlinkSync } from 'node:fs';
import { HEARTBEAT_MS } from '../constants';
import type { StatsSnapshot } from '../monitoring/stats.interface';
import { isAlive as pidExists } from '../messaging/channel-name.util';
import { isSameProcessAlive } from './process-identity';

/** Without a start time to check: a process that has not refreshed its record for this long is gone. */
const STALE_AFTER_MS = HEARTBEAT_MS * 5;

/** What each attached process publishes about itself in the pool. */
export interface ProcessRecord {
  pid: number;
  /** What it is, for operators (the pool's `role` option); absent in older versions' records. */
  role?: string;
  /** When it started (`processStartTicks`): with the pid, it tells a reused pid apart. */
  startTicks?: number;
  /** The Unix sockets that wake its buses up, once they listen. */
  sockets?: string[];
  /** The one socket of a process of an older version. */
  socket?: string;
  attachedAt: number;
  heartbeatAt: number;
  /** Its latest statistics snapshot, for the view aggregated over processes. */
  stats?: StatsSnapshot;
}

/** The sockets `record` publishes, of this version or an older one. */
export function socketsOf(record: ProcessRecord): string[] {
  return record.sockets ?? (record.socket ? [record.socket] : []);
}

/** Removes the socket files of `record`, a process that is gone. */
export function removeSocketFiles(record: ProcessRecord): void {
  for (const socket of socketsOf(record)) {
    try {
      unlinkSync(socket);
    } catch {
      // Already removed by another process.
    }
  }
}

/**
 * Alive: its pid exists and was not reused since it attached, however old its heartbeat (a
 * blocked event loop or a stopped process is not dead). Where the start time is unknown (not
 * Linux, or an older version's record): a pid that exists and a heartbeat under 5 s old.
 */
export function isAlive(record: ProcessRecord, now: number): boolean {
  return (
    isSameProcessAlive(record.pid, record.startTicks) ??
    (now - record.heartbeatAt <= STALE_AFTER_MS && pidExists(record.pid))
  );
}
