import { closeSync, constants, openSync } from 'node:fs';
import { join } from 'node:path';
import type { NativeAddon } from '../native/native-addon';
import { requireNativeAddon } from '../native/native-addon';

/** The lock file in each pool's directory, beside LMDB's `data.mdb` and `lock.mdb`. */
export const POOL_LOCK_FILE = 'mvent.lock';

/**
 * The cross-process lock of one pool: an exclusive flock(2) on `<pool>/mvent.lock`. A process
 * holds it while it opens or closes the pool's LMDB environment and during each of its write
 * transactions, so no process opens or closes the environment while another one writes.
 *
 * Why: lmdb-js (2.9 to 3.5.6, at least) resets the environment's shared "last transaction" to
 * what it read from disk whenever a process opens it (`mdb_env_open2` in its LMDB fork stores
 * `mti_txnid` without the write mutex). A commit between that read and that store makes the
 * next writer start from the older meta page: committed transactions vanish and the B-tree
 * breaks (`MDB_BAD_TXN`, `MDB_CORRUPTED`). Closing the last environment likewise destroys
 * LMDB's mutexes while a newcomer may be about to use them. Writers are serialised by LMDB
 * anyway, so taking this lock costs them no concurrency, only two system calls. The kernel
 * releases it when its holder dies, even by SIGKILL.
 */
export class PoolLock {
  private readonly native: NativeAddon;
  private readonly fd: number;
  /** Nested holds take the lock once. */
  private depth = 0;

  constructor(directory: string) {
    this.native = requireNativeAddon('Shared-memory pools');
    this.fd = openSync(
      join(directory, POOL_LOCK_FILE),
      constants.O_RDWR | constants.O_CREAT | constants.O_NOFOLLOW,
      0o600,
    );
  }

  /** Whether this process holds the lock now. */
  get held(): boolean {
    return this.depth > 0;
  }

  /** Runs `work` while holding the lock (waiting for it); nested calls share one hold. */
  hold<T>(work: () => T): T {
    if (this.depth === 0) {
      this.native.lock(this.fd, true);
    }
    this.depth += 1;
    try {
      return work();
    } finally {
      this.depth -= 1;
      if (this.depth === 0) {
        this.native.unlock(this.fd);
      }
    }
  }

  /**
   * Runs `work` holding the lock if it is free now (or already held here); returns `false`
   * without running it when another process holds it. For work that must never block the
   * event loop, such as a heartbeat.
   */
  tryHold(work: () => void): boolean {
    if (this.depth === 0 && !this.native.lock(this.fd, false)) {
      return false;
    }
    this.depth += 1;
    try {
      work();
    } finally {
      this.depth -= 1;
      if (this.depth === 0) {
        this.native.unlock(this.fd);
      }
    }
    return true;
  }

  /** Closes the lock file (the lock is released if it was held). */
  close(): void {
    closeSync(this.fd);
  }
}
