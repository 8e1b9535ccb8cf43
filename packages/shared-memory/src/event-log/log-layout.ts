/**
 * The event log file's layout, as `native/event-log.h` defines it (checked there by static
 * assertions): a metadata page, then {@link TERM_COUNT} terms used in turn, then the
 * {@link KeyIndex} (which only TypeScript reads and writes).
 */

/** The metadata page's size: terms start after it. */
export const META_BYTES = 8192;
export const LOG_MAGIC = 0x474c564d;
/** 2: the store is folded from the log (`folded`, `lastStored`, the key index). */
export const LOG_VERSION = 2;
export const TERM_COUNT = 4;
/** Terms whose record counts are kept after their ring slot is cleaned. */
export const HISTORY = 64;
export const WRITER_SLOTS = 128;
export const READER_SLOTS = 128;
export const FRAME_HEADER = 16;
export const FRAME_ALIGN = 16;
/** Buckets of the key index: a power of two, 8 bytes each. */
export const INDEX_SLOTS = 1 << 16;
export const INDEX_BYTES = INDEX_SLOTS * 8;

/** Byte offsets in the metadata page. */
export const OFFSET = {
  magic: 0,
  version: 4,
  termBytes: 8,
  /** Records before this position are folded into the store (int64). */
  folded: 16,
  /** One past the latest record that writes an entry (int64). */
  lastStored: 24,
  /** Write transactions committed to the store, counted by TypeScript (int32, wraps). */
  storeCommits: 32,
  tail: 64,
  /** Per term: readyFor (int64), records (int64), cleaner (int32); 64 bytes each. */
  terms: 128,
  history: 384,
  /** Per writer: pid, startTicks, padFrom (int64), recordPos (int64), recordLength; 32 bytes. */
  writers: 1024,
  /** Per reader: parked, pid, bus, startTicks; 16 bytes. */
  readers: 1024 + 32 * WRITER_SLOTS,
} as const;
export const TERM_STRIDE = 64;
export const WRITER_STRIDE = 32;
export const READER_STRIDE = 16;

/** A frame's state, its first int32. */
export const enum FrameState {
  Empty = 0,
  Writing = 1,
  Committed = 2,
  Padding = 3,
  Revoking = 4,
}

/** Where a writer stops itself (SIGSTOP) in a test of kills mid-record. */
export const enum StopAt {
  Never = 0,
  Claimed = 1,
  Header = 2,
  Copied = 3,
  /** After the record is committed, before the key index is raised (TypeScript only). */
  Committed = 4,
}

/** The frame bytes a record of `length` bytes takes. */
export function frameBytes(length: number): number {
  return (FRAME_HEADER + length + FRAME_ALIGN - 1) & ~(FRAME_ALIGN - 1);
}
