/* The event log's writer side; see event-log.h for the design. */
#define _GNU_SOURCE
#include "event-log.h"
#include <errno.h>
#include <stddef.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

_Static_assert(sizeof(log_meta) <= LOG_META_BYTES, "the metadata fits its page");
_Static_assert(sizeof(frame_header) == FRAME_HEADER, "a frame header is 16 bytes");
_Static_assert(offsetof(log_meta, folded) == 16 && offsetof(log_meta, last_stored) == 24 &&
                   offsetof(log_meta, store_commits) == 32 &&
                   offsetof(log_meta, tail) == 64 && offsetof(log_meta, terms) == 128 &&
                   offsetof(log_meta, history) == 384 && offsetof(log_meta, writers) == 1024 &&
                   offsetof(log_meta, readers) == 1024 + 32 * WRITER_SLOTS,
               "the offsets that src/event-log/log-layout.ts reads");

#define LOAD(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define STORE(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define CAS(p, expected, desired) \
  __atomic_compare_exchange_n((p), (expected), (desired), 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)

void log_init(log_meta *meta, int64_t term_bytes) {
  meta->magic = LOG_MAGIC;
  meta->version = LOG_VERSION;
  meta->term_bytes = term_bytes;
  meta->folded = 0;
  /* A new file is all zeroes: the first TERM_COUNT terms need no cleaning. */
  for (int i = 0; i < TERM_COUNT; i++) meta->terms[i].ready_for = i;
}

static int is_dead(int32_t pid) { return pid > 0 && kill(pid, 0) != 0 && errno == ESRCH; }

/* Waits a little: on 2 cores, spinning would starve the process being waited for. */
static void back_off(void) {
  struct timespec pause = {0, 20000};
  nanosleep(&pause, NULL);
}

/*
 * Waits until no live writer still has a claim in `term` left unfinished: cleaning the ring
 * slot under it would let its late stores land in the next term's records. A dead writer's
 * claim is simply wiped (readers that had not passed it see the term's recycling as a gap).
 */
static void wait_for_claims_in(log_meta *meta, int64_t term) {
  int64_t start = term * meta->term_bytes, end = start + meta->term_bytes;
  for (int i = 0; i < WRITER_SLOTS; i++) {
    writer_slot *w = &meta->writers[i];
    int64_t claims[2] = {LOAD(&w->pad_from), LOAD(&w->record_pos)};
    for (int c = 0; c < 2; c++) {
      if (claims[c] < start || claims[c] >= end) continue;
      frame_header *h = (frame_header *)log_at(meta, claims[c]);
      for (;;) {
        int32_t state = LOAD(&h->state);
        int32_t pid = LOAD(&w->pid);
        if ((state != FRAME_EMPTY && state != FRAME_WRITING) || pid == 0 || is_dead(pid)) break;
        if (LOAD(&w->record_pos) != claims[1]) break; /* it moved on */
        back_off();
      }
    }
  }
}

/*
 * Makes the ring slot of `term` ready for it, cleaning it (zeroes) if it still holds the term
 * TERM_COUNT earlier; one process cleans, the others wait, and a cleaner that died is
 * replaced. Returns 0 when the term is already behind (the caller re-reads the tail), and
 * LOG_NEEDS_FOLD when the term it would recycle is not all folded into the store yet.
 */
static int make_ready(log_meta *meta, int64_t term, int32_t pid) {
  __typeof__(&meta->terms[0]) slot = &meta->terms[term % TERM_COUNT];
  for (;;) {
    int64_t ready = LOAD(&slot->ready_for);
    if (ready == term) return 1;
    if (ready > term) return 0;
    /* `folded` only grows: once checked, the term stays safe to recycle. */
    if (LOAD(&meta->folded) < (term - TERM_COUNT + 1) * meta->term_bytes) return LOG_NEEDS_FOLD;
    int32_t cleaner = LOAD(&slot->cleaner);
    if ((cleaner == 0 || is_dead(cleaner)) && CAS(&slot->cleaner, &cleaner, pid)) {
      if (LOAD(&slot->ready_for) < term) {
        wait_for_claims_in(meta, term - TERM_COUNT);
        /* The count first: a reader that sees the slot recycled reads it at once. */
        if (term >= TERM_COUNT) {
          STORE(&meta->history[(term - TERM_COUNT) % HISTORY], LOAD(&slot->records));
        }
        STORE(&slot->ready_for, -1);
        STORE(&slot->records, 0);
        memset((uint8_t *)meta + LOG_META_BYTES + (term % TERM_COUNT) * meta->term_bytes, 0,
               (size_t)meta->term_bytes);
        STORE(&slot->ready_for, term);
      }
      STORE(&slot->cleaner, 0);
    } else {
      back_off();
    }
  }
}

/* The test hook: stops this process once, at `point` (an append that retries goes on). */
static void maybe_stop(int *stop_at, int point) {
  if (*stop_at != point) return;
  *stop_at = STOP_NEVER;
  raise(SIGSTOP);
}

/* Pads the end of a term that a record did not fit in. */
static void pad_term_end(log_meta *meta, int64_t position, int32_t length) {
  frame_header *h = (frame_header *)log_at(meta, position);
  int32_t empty = FRAME_EMPTY;
  if (!CAS(&h->state, &empty, FRAME_WRITING)) return; /* a reader padded it already */
  h->length = length;
  STORE(&h->state, FRAME_PADDING);
}

int64_t log_append(log_meta *meta, int slot, const void *record, int32_t length, int32_t pid,
                   uint32_t start_ticks, int stop_at) {
  const int64_t term_bytes = meta->term_bytes;
  const int32_t frame = log_frame_bytes(length);
  if (length < 0 || frame > term_bytes) return LOG_TOO_LARGE;
  writer_slot *w = &meta->writers[slot];
  /* Cleaners wait for a live writer's unfinished claim: they must know whose it is. */
  if (LOAD(&w->pid) != pid) {
    w->start_ticks = start_ticks;
    STORE(&w->pid, pid);
  }
  for (;;) {
    int64_t tail = LOAD(&meta->tail);
    int64_t offset = tail % term_bytes;
    /* A record never straddles two terms: the rest of this one becomes padding. */
    int64_t position = offset + frame > term_bytes ? tail - offset + term_bytes : tail;
    int ready = make_ready(meta, position / term_bytes, pid);
    if (ready == LOG_NEEDS_FOLD) return LOG_NEEDS_FOLD;
    if (!ready) continue;
    /* The claim is told before it is made, so that a reader can skip it if we die. */
    STORE(&w->record_length, frame);
    STORE(&w->pad_from, position == tail ? -1 : tail);
    STORE(&w->record_pos, position);
    if (!CAS(&meta->tail, &tail, position + frame)) continue;
    if (position != tail) pad_term_end(meta, tail, (int32_t)(position - tail));
    maybe_stop(&stop_at, STOP_CLAIMED);
    frame_header *h = (frame_header *)log_at(meta, position);
    int32_t state = FRAME_EMPTY;
    if (!CAS(&h->state, &state, FRAME_WRITING)) continue; /* revoked while we stalled */
    /* Counted while the frame is WRITING, which a cleaner waits for: in this term's count. */
    int64_t *records = &meta->terms[(position / term_bytes) % TERM_COUNT].records;
    __atomic_fetch_add(records, 1, __ATOMIC_RELEASE);
    h->length = FRAME_HEADER + length; /* readers align it */
    h->pid = pid;
    h->start_ticks = start_ticks;
    maybe_stop(&stop_at, STOP_HEADER);
    memcpy(h + 1, record, (size_t)length);
    maybe_stop(&stop_at, STOP_COPIED);
    state = FRAME_WRITING;
    if (CAS(&h->state, &state, FRAME_COMMITTED)) return position;
    /* A reader gave up on us (we were stopped too long) and padded the record: append again. */
    __atomic_fetch_sub(records, 1, __ATOMIC_RELEASE);
  }
}

int log_pad(log_meta *meta, int64_t position, int32_t frame_length, int32_t expected) {
  frame_header *h = (frame_header *)log_at(meta, position);
  int32_t state = expected;
  /* A revoker that died half way is finished by the next one. */
  if (!CAS(&h->state, &state, FRAME_REVOKING) && state != FRAME_REVOKING) return 0;
  h->length = frame_length;
  STORE(&h->state, FRAME_PADDING);
  return 1;
}
