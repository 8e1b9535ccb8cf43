import { closeSync, constants, openSync } from 'node:fs';
import { join } from 'node:path';
import type { NativeAddon } from '../native/native-addon';
import { requireNativeAddon } from '../native/native-addon';

/** Room a transaction may need beyond its values: touched B-tree and free-list pages. */
const HEADROOM_BYTES = 1024 * 1024;
/**
 * Room kept for transactions that add no values (deletes, heartbeats): once writes of values
 * are refused, these still fit in what is left of the reserve.
 */
const SMALL_HEADROOM_BYTES = 256 * 1024;
/** Blocks are reserved this far ahead at a time, so that most writes make no reservation. */
const RESERVE_CHUNK_BYTES = 4 * 1024 * 1024;
/** LMDB's lock file needs 8 KiB for its default 126 readers; a larger file gives it more. */
const LOCK_FILE_BYTES = 16 * 1024;

/**
 * Keeps the blocks of a pool's files allocated ahead of LMDB (fallocate, keeping the file's
 * size), so that LMDB only ever writes into space the file system already gave it, and a
 * write that would not fit is refused before it starts. Call it holding the pool's lock: no
 * other process writes meanwhile.
 *
 * Why: when a commit of lmdb-js 3.5.6 fails for lack of space (ENOSPC, a full tmpfs), its
 * LMDB fork corrupts the process's heap (8 of 40 runs of two processes filling an 8 MiB tmpfs
 * aborted with "double free or corruption", or crashed with SIGSEGV or SIGBUS); and LMDB's
 * lock file is written through a memory map, so creating a pool on a full tmpfs raised SIGBUS.
 * So LMDB must never meet a full file system. When it is full, writes of values are refused
 * while deletes still fit; the pages they free are reused. The reserve costs up to
 * {@link RESERVE_CHUNK_BYTES} plus {@link HEADROOM_BYTES} of the file system (of memory, on
 * tmpfs) per pool.
 */
export class DiskReserve {
  private readonly native: NativeAddon;
  /** Where the blocks this process reserved end (another process may have reserved further). */
  private reservedEnd = 0;
  /** `false` where blocks cannot be reserved (not Linux): LMDB is then unguarded. */
  private supported = true;

  private constructor(private readonly fd: number) {
    this.native = requireNativeAddon('Shared-memory pools');
  }

  /**
   * Before LMDB opens the pool: creates its files if needed and allocates the lock file and the
   * first blocks of the data file, so that creating a pool on a full file system fails cleanly.
   *
   * @returns the reserve, or `undefined` when the file system has no room for a new pool
   */
  static prepare(directory: string): DiskReserve | undefined {
    const open = (name: string) =>
      openSync(
        join(directory, name),
        constants.O_RDWR | constants.O_CREAT | constants.O_NOFOLLOW,
        0o600,
      );
    const lockFd = open('lock.mdb');
    const reserve = new DiskReserve(open('data.mdb'));
    try {
      const lockReserved = reserve.allocate(lockFd, 0, LOCK_FILE_BYTES);
      if (lockReserved && reserve.ensure(0)) {
        return reserve;
      }
      reserve.close();
      return undefined;
    } finally {
      closeSync(lockFd);
    }
  }

  /**
   * Makes sure a transaction that writes about `bytes` of values fits. Small transactions
   * (deletes, heartbeats) still fit when large ones no longer do.
   *
   * @returns `false` when it does not fit: nothing may be written
   */
  ensure(bytes: number): boolean {
    if (!this.supported) {
      return true;
    }
    // Without a write map, LMDB's data ends where the file ends: it grows it with pwrite.
    const dataEnd = this.native.fileSize(this.fd);
    const needed =
      dataEnd + (bytes > 0 ? 2 * bytes + HEADROOM_BYTES : SMALL_HEADROOM_BYTES);
    if (needed <= this.reservedEnd) {
      return true;
    }
    const from = Math.min(this.reservedEnd, dataEnd);
    for (const upTo of [needed + RESERVE_CHUNK_BYTES, needed]) {
      if (this.allocate(this.fd, from, upTo - from)) {
        this.reservedEnd = upTo;
        return true;
      }
    }
    return false;
  }

  close(): void {
    closeSync(this.fd);
  }

  /** Allocates blocks of `fd` (beyond its end too); `false` when the file system is full. */
  private allocate(fd: number, offset: number, length: number): boolean {
    if (!this.supported) {
      return true;
    }
    try {
      return this.native.reserve(fd, offset, length);
    } catch {
      this.supported = false; // no fallocate here
      return true;
    }
  }
}
