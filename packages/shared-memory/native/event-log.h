/*
 * A multi-producer event log in one shared file (Aeron's design, see docs/event-log.md):
 * a metadata page, then TERM_COUNT terms of `term_bytes` each, used in turn. Positions grow
 * for ever; position p lives in term p / term_bytes, at ring slot (p / term_bytes) % TERM_COUNT.
 *
 * A writer claims room with a compare-and-swap on the tail, after writing what it claims in
 * its writer slot (so that readers can skip the claim if it dies), takes the frame by a CAS
 * of the frame's state from EMPTY to WRITING, copies the record and publishes it by a CAS
 * from WRITING to COMMITTED (release). Readers scan forward and stop at a frame that is not
 * COMMITTED or PADDING. A claim whose writer died or stalled is turned into padding by a
 * reader (log_pad): then the writer's own CAS fails and it appends again, so nothing it
 * believes written is lost. No lock, no system call on this path.
 *
 * Pure C (no Node-API): addon.c binds it, and test/native builds it with sanitizers.
 */
#ifndef MVENT_EVENT_LOG_H
#define MVENT_EVENT_LOG_H
#include <stdint.h>
#include <stddef.h>

#define LOG_MAGIC 0x474c564du /* "MVLG" */
#define LOG_VERSION 2u
#define TERM_COUNT 4
#define WRITER_SLOTS 128
#define READER_SLOTS 128
#define FRAME_ALIGN 16
#define FRAME_HEADER 16
#define HISTORY 64

/* Frame states (the frame's first int32). */
enum { FRAME_EMPTY = 0, FRAME_WRITING = 1, FRAME_COMMITTED = 2, FRAME_PADDING = 3, FRAME_REVOKING = 4 };

/* One 16-byte frame header; the record follows. */
typedef struct {
  int32_t state;
  int32_t length; /* the whole frame, header included, before alignment */
  int32_t pid;
  uint32_t start_ticks; /* low bits of the writer's start time: with the pid, one process */
} frame_header;

/* A writer's latest claim: enough for a reader to skip it if the writer never writes it. */
typedef struct {
  int32_t pid; /* 0: free */
  uint32_t start_ticks;
  int64_t pad_from;   /* where the writer pads the end of a term, or -1 */
  int64_t record_pos; /* where its record goes */
  int32_t record_length;
  int32_t reserved;
} writer_slot;

/* A reader's parked flag: a writer wakes it (through the bus's socket) only when set. */
typedef struct {
  int32_t parked;
  int32_t pid; /* 0: free */
  int32_t bus; /* the bus number in its process: its wake socket is <pid>-<bus>.sock */
  uint32_t start_ticks;
} reader_slot;

typedef struct {
  uint32_t magic;
  uint32_t version;
  int64_t term_bytes;
  /*
   * Offset 16: records before this position are folded into the pool's store (LMDB); a term
   * is recycled only once all of it lies before it, so no write is lost from the store.
   * Raised by the process that folds, after its commit.
   */
  int64_t folded;
  /* Offset 24: one past the position of the latest record that is a write of an entry. */
  int64_t last_stored;
  /*
   * Offset 32: write transactions committed to the store, counted (wrapping) by each process
   * after its commit; a process keeps what it read of the store's state until this moves.
   */
  int32_t store_commits;
  uint8_t pad0[28];
  int64_t tail; /* offset 64: the next position to claim */
  uint8_t pad1[56];
  struct {
    int64_t ready_for; /* the term number this ring slot holds; -1 while cleaned */
    int64_t records;   /* records committed in it, for readers' gap counts */
    int32_t cleaner;   /* pid cleaning it, 0 when none */
    uint8_t pad[44];
  } terms[TERM_COUNT]; /* offset 128 */
  /* offset 384: records committed in term n, at n % HISTORY, kept when its slot is cleaned */
  int64_t history[HISTORY];
  uint8_t pad2[1024 - 384 - 8 * HISTORY];
  writer_slot writers[WRITER_SLOTS]; /* offset 1024 */
  reader_slot readers[READER_SLOTS];
} log_meta;

#define LOG_META_BYTES 8192

/* The test hook's points: the writer stops itself (SIGSTOP) there, for kill tests. */
enum { STOP_NEVER = 0, STOP_CLAIMED = 1, STOP_HEADER = 2, STOP_COPIED = 3 };

/* Initialises the metadata of a new, zeroed log. */
void log_init(log_meta *meta, int64_t term_bytes);

/* log_append's refusals. */
#define LOG_TOO_LARGE -1
#define LOG_NEEDS_FOLD -2

/*
 * Appends `length` bytes as one record, from writer slot `slot` (owned by this thread).
 * Returns the record's position; LOG_TOO_LARGE when the record cannot fit in a term;
 * LOG_NEEDS_FOLD when it would recycle a term not yet folded into the store (fold, then
 * append again).
 */
int64_t log_append(log_meta *meta, int slot, const void *record, int32_t length, int32_t pid,
                   uint32_t start_ticks, int stop_at);

/*
 * Turns the frame at `position` into padding of `frame_length` bytes if its state is still
 * `expected` (FRAME_EMPTY or FRAME_WRITING). Returns 1 when it did, 0 when the frame moved on.
 */
int log_pad(log_meta *meta, int64_t position, int32_t frame_length, int32_t expected);

/* The frame length a record of `length` bytes takes, aligned. */
static inline int32_t log_frame_bytes(int32_t length) {
  return (FRAME_HEADER + length + FRAME_ALIGN - 1) & ~(FRAME_ALIGN - 1);
}

/* The address of position `p`. */
static inline uint8_t *log_at(log_meta *meta, int64_t p) {
  int64_t term = p / meta->term_bytes;
  return (uint8_t *)meta + LOG_META_BYTES + (term % TERM_COUNT) * meta->term_bytes +
         p % meta->term_bytes;
}

#endif
