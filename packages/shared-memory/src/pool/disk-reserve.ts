import { closeSync, constants, openSync } from 'node:fs';
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

/**
 * Keeps blocks allocated past the end of a pool's `data.mdb` (fallocate with KEEP_SIZE), so
 * that LMDB always writes into space it already has, and a write that would not fit is
 * refused before it starts. When the file system is full, writes of values are refused
 * while deletes still fit; the pages they free are reused by later writes.
 *
 * Why: when a commit of lmdb-js (3.5.6) fails for lack of space (ENOSPC, a full tmpfs), its
 * LMDB fork corrupts the process's heap: in 8 of 40 runs of two processes filling an 8 MiB
 * tmpfs the process then aborted ("double free or corruption") or crashed (SIGSEGV, SIGBUS).
 * So LMDB must never meet a full disk. Called with the pool's lock held, so no other process
 * grows the file meanwhile. The reserve costs up to {@link RESERVE_CHUNK_BYTES} plus
 * {@link HEADROOM_BYTES} of the file system (of memory, on tmpfs) per pool.
 */
export class DiskReserve {
  private readonly native: NativeAddon;
  private readonly fd: number;
  /** Where the reserved blocks end, as far as this process knows (a lower bound). */
  private reservedEnd = 0;
  /** `false` where the file system cannot reserve blocks (not Linux): LMDB is then unguarded. */
  private supported = true;

  constructor(dataFile: string) {
    this.native = requireNativeAddon('Shared-memory pools');
    this.fd = openSync(dataFile, constants.O_RDWR | constants.O_NOFOLLOW);
  }

  /**
   * Makes sure a transaction that writes about `bytes` of values fits on the file system.
   * Small transactions (deletes, heartbeats) still fit when large ones no longer do.
   *
   * @returns `false` when it does not fit: nothing may be written
   */
  ensure(bytes: number): boolean {
    if (!this.supported) {
      return true;
    }
    const end = this.native.fileSize(this.fd);
    const needed =
      end + (bytes > 0 ? 2 * bytes + HEADROOM_BYTES : SMALL_HEADROOM_BYTES);
    if (needed <= this.reservedEnd) {
      return true;
    }
    const ahead = Math.max(needed, end + RESERVE_CHUNK_BYTES);
    if (this.reserveUpTo(end, ahead) || this.reserveUpTo(end, needed)) {
      return true;
    }
    return false;
  }

  close(): void {
    closeSync(this.fd);
  }

  private reserveUpTo(end: number, upTo: number): boolean {
    try {
      if (!this.native.reserve(this.fd, end, upTo - end)) {
        return false;
      }
    } catch {
      this.supported = false; // no fallocate here
      return true;
    }
    this.reservedEnd = upTo;
    return true;
  }
}
