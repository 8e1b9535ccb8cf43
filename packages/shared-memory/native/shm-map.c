#define NAPI_VERSION 8
#include <node_api.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
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
  napi_throw_error(env, NULL, message);
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

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "map", NAPI_AUTO_LENGTH, map_file, NULL, &fn);
  napi_set_named_property(env, exports, "map", fn);
  return exports;
}
