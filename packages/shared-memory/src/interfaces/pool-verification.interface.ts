/**
 * What `pool.verify()` found, from one consistent snapshot of the pool.
 *
 * @publicApi
 */
export interface PoolVerification {
  /** `true` when nothing disagrees: `problems` is empty. */
  ok: boolean;
  /** One sentence per disagreement, at most {@link MAX_REPORTED_PROBLEMS} (then a count). */
  problems: string[];
  /** Entries found (expired ones not yet swept included). */
  entries: number;
  /** Event-log records found, each decoded. */
  logRecords: number;
  /** Bytes of entries, recounted. */
  bytes: number;
  /** Rows of the expiry index. */
  expiryRows: number;
  /** The totals the pool keeps: bytes of entries. */
  state: { bytes: number };
}

/** `verify()` lists this many problems at most, then says how many more there were. */
export const MAX_REPORTED_PROBLEMS = 50;
