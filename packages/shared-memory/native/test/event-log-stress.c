/*
 * The event log's writer side under many processes, built with sanitizers by
 * test/native/event-log-native.spec.ts:
 *   event-log-stress <writers> <records each> <term bytes>
 * Forks the writers, which append "<writer> <i>" records as fast as they can, while this
 * process reads. Terms are small, so the ring wraps many times and cleaning races with
 * appends. Every record read must be whole and in order for its writer; what the reader
 * missed must be exactly what the terms' counts say was recycled before it got there.
 * Prints "read R missed M of T" and exits 0, or says what is wrong and exits 1.
 */
#define _GNU_SOURCE
#include "../event-log.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_WRITERS 64

static int fail(const char *what, long a, long b) {
  fprintf(stderr, "%s (%ld, %ld)\n", what, a, b);
  return 1;
}

static int64_t load64(int64_t *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }

int main(int argc, char **argv) {
  if (argc != 4) return fail("usage: event-log-stress writers records term_bytes", argc, 0);
  int writers = atoi(argv[1]);
  long records = atol(argv[2]);
  int64_t term = atol(argv[3]);
  if (writers < 1 || writers > MAX_WRITERS) return fail("writers", writers, MAX_WRITERS);
  size_t size = LOG_META_BYTES + TERM_COUNT * (size_t)term;
  log_meta *meta = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (meta == MAP_FAILED) return fail("mmap", 0, 0);
  log_init(meta, term);
  meta->folded = INT64_MAX; /* no store behind this log: every term may be recycled */
  for (int w = 0; w < writers; w++) {
    if (fork() == 0) {
      char record[64];
      for (long i = 0; i < records; i++) {
        /* Lengths vary, so that frames of every size meet the end of a term. */
        int length = snprintf(record, sizeof record, "%d %ld %.*s", w, i, (int)(i % 17), "padding-padding-padding");
        if (log_append(meta, w, record, length, getpid(), 0, STOP_NEVER) < 0) _exit(2);
      }
      _exit(0);
    }
  }
  long next[MAX_WRITERS] = {0};
  long read = 0, missed = 0, read_in_term = 0;
  int64_t position = 0;
  long total = writers * records;
  while (read + missed < total) {
    if (position >= load64(&meta->tail)) continue;
    int64_t n = position / term;
    if (load64(&meta->terms[n % TERM_COUNT].ready_for) != n) {
      /* Recycled under us: skip to the next term still held, counting what was lost. */
      int64_t tail_term = load64(&meta->tail) / term, to = n + 1;
      while (to < tail_term && load64(&meta->terms[to % TERM_COUNT].ready_for) != to) to++;
      missed += load64(&meta->history[n % HISTORY]) - read_in_term;
      for (int64_t k = n + 1; k < to; k++) missed += load64(&meta->history[k % HISTORY]);
      position = to * term;
      read_in_term = 0;
      continue;
    }
    frame_header *h = (frame_header *)log_at(meta, position);
    int32_t state = __atomic_load_n(&h->state, __ATOMIC_ACQUIRE);
    if (state != FRAME_COMMITTED && state != FRAME_PADDING) continue; /* being written */
    int32_t length = h->length;
    /* A length read from a slot recycled meanwhile is another term's: check before using it. */
    if (load64(&meta->terms[n % TERM_COUNT].ready_for) != n) continue;
    if (state == FRAME_COMMITTED) {
      char copy[64] = {0};
      memcpy(copy, h + 1, (size_t)(length - FRAME_HEADER) < sizeof copy - 1 ? (size_t)(length - FRAME_HEADER) : sizeof copy - 1);
      int w;
      long i;
      if (load64(&meta->terms[n % TERM_COUNT].ready_for) != n) continue; /* recycled: above */
      if (sscanf(copy, "%d %ld", &w, &i) != 2 || w < 0 || w >= writers) return fail("torn record", (long)position, 0);
      /* After a gap a writer's next record may be further on, never earlier. */
      if (i < next[w]) return fail("out of order", w, i);
      next[w] = i + 1;
      read++;
      read_in_term++;
    }
    int64_t aligned = (length + FRAME_ALIGN - 1) & ~(FRAME_ALIGN - 1);
    if ((position + aligned) / term != n) read_in_term = 0;
    position += aligned;
  }
  for (int w = 0; w < writers; w++) {
    int status;
    wait(&status);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return fail("writer failed", w, status);
  }
  printf("read %ld missed %ld of %ld\n", read, missed, total);
  return read + missed == total ? 0 : fail("count", read + missed, total);
}
