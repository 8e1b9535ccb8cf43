/*
 * The native part of @mvent/shared-memory, built at install by scripts/build-native.js:
 *   map(path, bytes, create)  maps a ring file into an ArrayBuffer (memory RPC);
 *   lock(fd, wait) / unlock(fd)  flock(2) on a pool's lock file, which every process holds
 *   while it opens or closes the pool's LMDB environment and during each write transaction;
 *   fileSize(fd) / reserve(fd, offset, length)  the size of a pool's data file, and blocks
 *   allocated past its end (fallocate(2), Linux), so that LMDB never meets a full disk;
 *   peerCredentials(fd)  the pid, uid and gid of the process at the other end of a Unix socket,
 *   as the kernel knows them (SO_PEERCRED, Linux), so that memory RPC need not trust a claim.
 */
#define _GNU_SOURCE
#define NAPI_VERSION 8
#include <node_api.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static void unmap(napi_env env, void *data, void *hint) {
  (void)env;
  munmap(data, (size_t)hint);
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
  napi_value buffer;
  if (napi_create_external_arraybuffer(env, data, size, unmap, (void *)size, &buffer) != napi_ok) {
    munmap(data, size);
    napi_throw_error(env, NULL, "napi_create_external_arraybuffer failed");
    return NULL;
  }
  return buffer;
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

static void export_function(napi_env env, napi_value exports, const char *name, napi_callback cb) {
  napi_value fn;
  napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, NULL, &fn);
  napi_set_named_property(env, exports, name, fn);
}

NAPI_MODULE_INIT() {
  export_function(env, exports, "map", map_file);
  export_function(env, exports, "lock", lock_file);
  export_function(env, exports, "unlock", unlock_file);
  export_function(env, exports, "fileSize", file_size);
  export_function(env, exports, "reserve", reserve_file);
  export_function(env, exports, "peerCredentials", peer_credentials);
  return exports;
}
