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
  /** Log records found. */
  logRecords: number;
  /** Bytes of entries and log records, recounted. */
  bytes: number;
  /** Rows of the expiry index. */
  expiryRows: number;
  /** The log state the pool keeps: last sequence number, first one kept, bytes. */
  state: { seq: number; first: number; bytes: number };
}

/** `verify()` lists this many problems at most, then says how many more there were. */
export const MAX_REPORTED_PROBLEMS = 50;
