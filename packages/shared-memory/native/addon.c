/*
 * The native part of @mvent/shared-memory, built at install by scripts/build-native.js:
 *   map(path, bytes, create) / unmap(buffer)  maps a file into an ArrayBuffer (memory RPC's
 *   rings, the event log), and unmaps it (detached) when its owner is done;
 *   lock(fd, wait) / unlock(fd)  flock(2) on a pool's lock file, which every process holds
 *   while it opens or closes the pool's LMDB environment and during each write transaction;
 *   fileSize(fd) / reserve(fd, offset, length)  the size of a pool's data file, and blocks
 *   allocated past its end (fallocate(2), Linux), so that LMDB never meets a full disk;
 *   peerCredentials(fd)  the pid, uid and gid of the process at the other end of a Unix socket,
 *   as the kernel knows them (SO_PEERCRED, Linux), so that memory RPC need not trust a claim;
 *   logInit / logAppend / logPad  the event log's writer side (event-log.c), on a mapped log;
 *   wakeListen / wakeKeepAlive / wakeClose / wakeConnect / nudge  the event bus's wake-up
 *   sockets (wakeup.c).
 */
#define _GNU_SOURCE
#define NAPI_VERSION 8
#include <node_api.h>
#include "event-log.h"
#include "wakeup.h"
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * A mapping is unmapped once: by unmap() when its owner is done with it (a file system can
 * then be unmounted, a file's memory freed), else by its ArrayBuffer's finalizer. Each
 * ArrayBuffer's finalizer gets its own record (an address may be mapped again after an
 * unmap, so addresses alone cannot tell mappings apart); the list holds the live ones.
 * Worker threads share the list, hence the mutex.
 */
typedef struct mapping {
  void *data;
  size_t size;
  bool live;
  struct mapping *next;
} mapping;
static mapping *live_mappings;
static pthread_mutex_t mappings_lock = PTHREAD_MUTEX_INITIALIZER;

/* Unlinks `entry` from the live list, under the lock; whether it was live. */
static bool retire_locked(mapping *entry) {
  if (!entry->live) return false;
  mapping **link = &live_mappings;
  while (*link != entry) link = &(*link)->next;
  *link = entry->next;
  entry->live = false;
  return true;
}

static void finalize_mapping(napi_env env, void *data, void *hint) {
  (void)env;
  (void)data;
  mapping *entry = hint;
  pthread_mutex_lock(&mappings_lock);
  bool live = retire_locked(entry);
  pthread_mutex_unlock(&mappings_lock);
  if (live) munmap(entry->data, entry->size);
  free(entry);
}

static napi_value fail(napi_env env, const char *what) {
  char message[256];
  snprintf(message, sizeof message, "%s: %s", what, strerror(errno));
  napi_value code, text, error;
  napi_create_string_utf8(env, errno == ENOSPC ? "ENOSPC" : "ENATIVE", NAPI_AUTO_LENGTH, &code);
  napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &text);
  napi_create_error(env, code, text, &error);
  napi_throw(env, error);
  return NULL;
}

static napi_value map_file(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  char path[4096];
  size_t length;
  double bytes;
  bool create;
  if (argc < 3 ||
      napi_get_value_string_utf8(env, argv[0], path, sizeof path, &length) != napi_ok ||
      napi_get_value_double(env, argv[1], &bytes) != napi_ok ||
      napi_get_value_bool(env, argv[2], &create) != napi_ok) {
    napi_throw_type_error(env, NULL, "map(path: string, bytes: number, create: boolean)");
    return NULL;
  }
  size_t size = (size_t)bytes;
  int flags = O_RDWR | O_CLOEXEC | O_NOFOLLOW | (create ? O_CREAT | O_EXCL : 0);
  int fd = open(path, flags, 0600);
  if (fd < 0) return fail(env, "open");
  struct stat info_;
  if (create) {
    if (ftruncate(fd, (off_t)size) != 0) { close(fd); return fail(env, "ftruncate"); }
  } else if (fstat(fd, &info_) != 0 || !S_ISREG(info_.st_mode) || info_.st_uid != geteuid() ||
             (size_t)info_.st_size != size) {
    close(fd);
    errno = EINVAL;
    return fail(env, "not a ring file of this user and size");
  }
  void *data = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  close(fd);
  if (data == MAP_FAILED) return fail(env, "mmap");
  mapping *entry = malloc(sizeof *entry);
  napi_value buffer;
  if (!entry || napi_create_external_arraybuffer(env, data, size, finalize_mapping, entry,
                                                 &buffer) != napi_ok) {
    free(entry);
    munmap(data, size);
    napi_throw_error(env, NULL, "napi_create_external_arraybuffer failed");
    return NULL;
  }
  pthread_mutex_lock(&mappings_lock);
  *entry = (mapping){data, size, true, live_mappings};
  live_mappings = entry;
  pthread_mutex_unlock(&mappings_lock);
  return buffer;
}

/* unmap(buffer): detaches a buffer map() returned (views of it become empty) and unmaps it. */
static napi_value unmap_file(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  void *data;
  size_t size;
  if (argc < 1 || napi_get_arraybuffer_info(env, argv[0], &data, &size) != napi_ok) {
    napi_throw_type_error(env, NULL, "unmap(buffer: ArrayBuffer)");
    return NULL;
  }
  /* Among live mappings, an address is one mapping. */
  pthread_mutex_lock(&mappings_lock);
  mapping *entry = live_mappings;
  while (entry && entry->data != data) entry = entry->next;
  bool live = data && entry && retire_locked(entry);
  pthread_mutex_unlock(&mappings_lock);
  if (live) {
    napi_detach_arraybuffer(env, argv[0]);
    munmap(data, size);
  }
  return NULL;
}

static bool read_fd(napi_env env, napi_callback_info info, int *fd, bool *wait) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || napi_get_value_int32(env, argv[0], fd) != napi_ok ||
      (wait && (argc < 2 || napi_get_value_bool(env, argv[1], wait) != napi_ok))) {
    napi_throw_type_error(env, NULL, "lock(fd: number, wait: boolean) / unlock(fd: number)");
    return false;
  }
  return true;
}

/* lock(fd, wait): an exclusive flock; `false` when `wait` is false and another holds it. */
static napi_value lock_file(napi_env env, napi_callback_info info) {
  int fd;
  bool wait;
  if (!read_fd(env, info, &fd, &wait)) return NULL;
  int rc;
  while ((rc = flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB))) != 0 && errno == EINTR) {
  }
  if (rc != 0 && errno != EWOULDBLOCK) return fail(env, "flock");
  napi_value result;
  napi_get_boolean(env, rc == 0, &result);
  return result;
}

static napi_value unlock_file(napi_env env, napi_callback_info info) {
  int fd;
  if (!read_fd(env, info, &fd, NULL)) return NULL;
  int rc;
  while ((rc = flock(fd, LOCK_UN)) != 0 && errno == EINTR) {
  }
  if (rc != 0) return fail(env, "flock");
  return NULL;
}

static bool read_numbers(napi_env env, napi_callback_info info, size_t count, double *values) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  for (size_t i = 0; i < count; i++) {
    if (i >= argc || napi_get_value_double(env, argv[i], &values[i]) != napi_ok) {
      napi_throw_type_error(env, NULL, "fileSize, reserve and peerCredentials take numbers");
      return false;
    }
  }
  return true;
}

static napi_value file_size(napi_env env, napi_callback_info info) {
  double fd;
  if (!read_numbers(env, info, 1, &fd)) return NULL;
  struct stat st;
  if (fstat((int)fd, &st) != 0) return fail(env, "fstat");
  napi_value result;
  napi_create_double(env, (double)st.st_size, &result);
  return result;
}

/* reserve(fd, offset, length): `true` once the blocks are allocated, `false` on ENOSPC. */
static napi_value reserve_file(napi_env env, napi_callback_info info) {
  double args[3];
  if (!read_numbers(env, info, 3, args)) return NULL;
#ifdef __linux__
  int rc;
  while ((rc = fallocate((int)args[0], FALLOC_FL_KEEP_SIZE, (off_t)args[1], (off_t)args[2])) != 0 &&
         errno == EINTR) {
  }
  if (rc != 0 && errno != ENOSPC) return fail(env, "fallocate");
  napi_value result;
  napi_get_boolean(env, rc == 0, &result);
  return result;
#else
  errno = ENOTSUP;
  return fail(env, "fallocate");
#endif
}

/* peerCredentials(fd): { pid, uid, gid } of the socket's peer. */
static napi_value peer_credentials(napi_env env, napi_callback_info info) {
  double fd;
  if (!read_numbers(env, info, 1, &fd)) return NULL;
#ifdef SO_PEERCRED
  struct ucred cred;
  socklen_t length = sizeof cred;
  if (getsockopt((int)fd, SOL_SOCKET, SO_PEERCRED, &cred, &length) != 0) {
    return fail(env, "getsockopt(SO_PEERCRED)");
  }
  napi_value result, pid, uid, gid;
  napi_create_object(env, &result);
  napi_create_int32(env, cred.pid, &pid);
  napi_create_uint32(env, cred.uid, &uid);
  napi_create_uint32(env, cred.gid, &gid);
  napi_set_named_property(env, result, "pid", pid);
  napi_set_named_property(env, result, "uid", uid);
  napi_set_named_property(env, result, "gid", gid);
  return result;
#else
  errno = ENOTSUP;
  return fail(env, "SO_PEERCRED");
#endif
}

/* The mapped log of argv[0], checked to hold at least its metadata page. */
static log_meta *mapped_log(napi_env env, napi_value value) {
  void *data;
  size_t length;
  if (napi_get_arraybuffer_info(env, value, &data, &length) != napi_ok || length < LOG_META_BYTES) {
    napi_throw_type_error(env, NULL, "the event log must be a mapped ArrayBuffer");
    return NULL;
  }
  return (log_meta *)data;
}

/* logInit(log, termBytes): writes the metadata of a new, zeroed log. */
static napi_value log_init_js(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  double term_bytes;
  log_meta *meta = argc == 2 ? mapped_log(env, argv[0]) : NULL;
  if (!meta || napi_get_value_double(env, argv[1], &term_bytes) != napi_ok) return NULL;
  log_init(meta, (int64_t)term_bytes);
  return NULL;
}

/*
 * logAppend(log, slot, record, length, pid, startTicks, stopAt): the position, or -1 (too
 * large) or -2 (fold the store first).
 */
static napi_value log_append_js(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  log_meta *meta = argc == 7 ? mapped_log(env, argv[0]) : NULL;
  int32_t slot, pid, stop_at;
  uint32_t ticks, length;
  void *record;
  size_t size;
  if (!meta || napi_get_value_int32(env, argv[1], &slot) != napi_ok || slot < 0 ||
      slot >= WRITER_SLOTS ||
      napi_get_typedarray_info(env, argv[2], NULL, &size, &record, NULL, NULL) != napi_ok ||
      napi_get_value_uint32(env, argv[3], &length) != napi_ok || length > size ||
      length > INT32_MAX || napi_get_value_int32(env, argv[4], &pid) != napi_ok ||
      napi_get_value_uint32(env, argv[5], &ticks) != napi_ok ||
      napi_get_value_int32(env, argv[6], &stop_at) != napi_ok) {
    if (meta) napi_throw_type_error(env, NULL, "logAppend(log, slot, record, length, pid, ticks, stopAt)");
    return NULL;
  }
  napi_value result;
  napi_create_double(env, (double)log_append(meta, slot, record, (int32_t)length, pid, ticks, stop_at),
                     &result);
  return result;
}

/* logPad(log, position, frameLength, expectedState): whether the frame became padding. */
static napi_value log_pad_js(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  log_meta *meta = argc == 4 ? mapped_log(env, argv[0]) : NULL;
  double position;
  int32_t length, expected;
  if (!meta || napi_get_value_double(env, argv[1], &position) != napi_ok ||
      napi_get_value_int32(env, argv[2], &length) != napi_ok ||
      napi_get_value_int32(env, argv[3], &expected) != napi_ok) {
    if (meta) napi_throw_type_error(env, NULL, "logPad(log, position, frameLength, expected)");
    return NULL;
  }
  napi_value result;
  napi_get_boolean(env, log_pad(meta, (int64_t)position, length, expected), &result);
  return result;
}

void export_function(napi_env env, napi_value exports, const char *name, napi_callback cb) {
  napi_value fn;
  napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, NULL, &fn);
  napi_set_named_property(env, exports, name, fn);
}

NAPI_MODULE_INIT() {
  export_function(env, exports, "map", map_file);
  export_function(env, exports, "unmap", unmap_file);
  export_function(env, exports, "lock", lock_file);
  export_function(env, exports, "unlock", unlock_file);
  export_function(env, exports, "fileSize", file_size);
  export_function(env, exports, "reserve", reserve_file);
  export_function(env, exports, "peerCredentials", peer_credentials);
  export_wakeup(env, exports);
  export_function(env, exports, "logInit", log_init_js);
  export_function(env, exports, "logAppend", log_append_js);
  export_function(env, exports, "logPad", log_pad_js);
  return exports;
}
