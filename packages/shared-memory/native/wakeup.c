/*
 * Wake-up sockets of the event bus. Each bus binds a Unix datagram socket; a writer that finds
 * the bus parked sends it one byte. libuv polls the reader's socket on the main loop; when it
 * is readable, every queued byte is read here and the bus's callback runs once, with no stream,
 * buffer, request object or promise in between (Node's stream path cost 15-20 us per wake-up
 * cold). Datagrams need no connection per peer: a writer connects a socket of its own in one
 * system call, which fails at once (ECONNREFUSED, ENOENT) when nobody listens there any more.
 *   wakeListen(path, callback) -> handle  binds and polls; callback(error) after each wake-up,
 *                                         `error` an errno when polling failed (it then stops)
 *   wakeKeepAlive(handle, keep)           whether the poll keeps the event loop alive
 *   wakeClose(handle)                     stops polling and closes the socket (idempotent)
 *   wakeConnect(path) -> fd | -errno      a datagram socket connected to a reader's
 *   nudge(fd) -> boolean                  sends the byte without blocking
 */
#define _GNU_SOURCE
#define NAPI_VERSION 8
#include <node_api.h>
#include <uv.h>
#include "wakeup.h"
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0 /* macOS: SIGPIPE cannot come from a datagram socket */
#endif

/* Datagrams read per wake-up at most, so that a flood of writers cannot hold the loop. */
#define MAX_READS 256

/*
 * A listening bus. Freed once both its JS handle is finalized and libuv has closed its poll
 * (either may come first). Node waits for the close at the environment's teardown (a worker
 * that exits with its bus open) through the async cleanup hook.
 */
typedef struct {
  uv_poll_t poll; /* first: libuv hands back its address */
  int fd;
  napi_env env;
  napi_ref callback;
  napi_async_context context;
  napi_async_cleanup_hook_handle teardown;
  bool closing, closed, finalized, in_teardown;
} listener;

static void throw_errno(napi_env env, const char *what, const char *path, int error) {
  char message[256], code[32];
  snprintf(code, sizeof code, "%s",
           error == EADDRINUSE ? "EADDRINUSE" : error == EACCES ? "EACCES" : "ENATIVE");
  snprintf(message, sizeof message, "%s %s: %s (%s)", what, path, strerror(error), code);
  napi_value code_value, text, exception;
  napi_create_string_utf8(env, code, NAPI_AUTO_LENGTH, &code_value);
  napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &text);
  napi_create_error(env, code_value, text, &exception);
  napi_throw(env, exception);
}

/* A non-blocking, close-on-exec datagram socket and the address of `path`; -errno on failure. */
static int datagram_socket(const char *path, struct sockaddr_un *address) {
  if (strlen(path) >= sizeof address->sun_path) return -ENAMETOOLONG;
  memset(address, 0, sizeof *address);
  address->sun_family = AF_UNIX;
  strcpy(address->sun_path, path);
  int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
  if (fd < 0) return -errno;
  if (fcntl(fd, F_SETFL, O_NONBLOCK) != 0 || fcntl(fd, F_SETFD, FD_CLOEXEC) != 0) {
    int error = errno;
    close(fd);
    return -error;
  }
  return fd;
}

static void on_closed(uv_handle_t *handle) {
  listener *l = (listener *)handle;
  if (!l->in_teardown) { /* freed here, never while the callback may still be running */
    napi_delete_reference(l->env, l->callback);
    napi_async_destroy(l->env, l->context);
  }
  l->closed = true;
  napi_remove_async_cleanup_hook(l->teardown); /* also tells a teardown under way it is done */
  if (l->finalized) free(l);
}

/*
 * Stops polling and closes the socket at once (writers then see ECONNREFUSED); the rest is
 * freed after libuv's close callback. Closing the descriptor once uv_poll_stop has removed it
 * from libuv's epoll set is allowed.
 */
static void stop(listener *l) {
  if (l->closing) return;
  l->closing = true;
  uv_poll_stop(&l->poll);
  close(l->fd);
  uv_close((uv_handle_t *)&l->poll, on_closed);
}

/* The environment goes away (a worker exits) with the socket open: Node waits for the close. */
static void on_teardown(napi_async_cleanup_hook_handle handle, void *data) {
  (void)handle;
  listener *l = data;
  l->in_teardown = true;
  stop(l);
}

static void on_readable(uv_poll_t *poll, int status, int events) {
  (void)events;
  listener *l = (listener *)poll;
  char bytes[64];
  for (int i = 0; status == 0 && i < MAX_READS; i++) {
    if (recv(l->fd, bytes, sizeof bytes, MSG_DONTWAIT) < 0) break;
  }
  if (status < 0) uv_poll_stop(poll); /* reported below; the bus falls back on its poll */
  napi_handle_scope scope;
  napi_open_handle_scope(l->env, &scope);
  napi_value callback, receiver, error, result;
  napi_get_reference_value(l->env, l->callback, &callback);
  napi_get_global(l->env, &receiver);
  napi_create_int32(l->env, status < 0 ? -status : 0, &error);
  /* Node runs the microtasks the callback queued (the drain) when this returns. */
  napi_make_callback(l->env, l->context, receiver, callback, 1, &error, &result);
  bool thrown = false;
  napi_is_exception_pending(l->env, &thrown);
  if (thrown) { /* to 'uncaughtException', as from any other callback of the event loop */
    napi_value exception;
    napi_get_and_clear_last_exception(l->env, &exception);
    napi_fatal_exception(l->env, exception);
  }
  napi_close_handle_scope(l->env, scope);
}

static void finalize_listener(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  listener *l = data;
  l->finalized = true;
  if (l->closed) {
    free(l);
  } else {
    stop(l); /* dropped without wakeClose(): freed once libuv has closed it */
  }
}

static listener *listener_of(napi_env env, napi_value handle) {
  listener *l = NULL;
  if (napi_get_value_external(env, handle, (void **)&l) != napi_ok || !l) {
    napi_throw_type_error(env, NULL, "not a handle from wakeListen()");
  }
  return l;
}

/* Room for the longest socket path and one byte more, to tell a longer one. */
#define SOCKET_PATH_BYTES (sizeof(((struct sockaddr_un *)0)->sun_path) + 1)

static bool read_path(napi_env env, napi_value value, char *path) {
  size_t length;
  if (napi_get_value_string_utf8(env, value, path, SOCKET_PATH_BYTES, &length) != napi_ok ||
      length >= SOCKET_PATH_BYTES - 1) {
    napi_throw_type_error(env, NULL, "the path must be a string shorter than a socket address");
    return false;
  }
  return true;
}

/* wakeListen(path, callback): binds a datagram socket at `path` and polls it. */
static napi_value wake_listen(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], name, handle;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  char path[SOCKET_PATH_BYTES];
  napi_valuetype type = napi_undefined;
  if (argc == 2) napi_typeof(env, argv[1], &type);
  if (type != napi_function) {
    napi_throw_type_error(env, NULL, "wakeListen(path: string, callback: function)");
    return NULL;
  }
  if (!read_path(env, argv[0], path)) return NULL;
  struct sockaddr_un address;
  int fd = datagram_socket(path, &address);
  int error = fd < 0 ? -fd : 0;
  if (!error && bind(fd, (struct sockaddr *)&address, sizeof address) != 0) error = errno;
  uv_loop_t *loop;
  listener *l = error ? NULL : calloc(1, sizeof *l);
  if (!error && (!l || napi_get_uv_event_loop(env, &loop) != napi_ok ||
                 uv_poll_init(loop, &l->poll, fd) != 0)) {
    error = ENOMEM;
  }
  if (error) {
    free(l);
    if (fd >= 0) close(fd);
    throw_errno(env, "bind", path, error);
    return NULL;
  }
  l->fd = fd;
  l->env = env;
  napi_create_reference(env, argv[1], 1, &l->callback);
  napi_create_string_utf8(env, "MventWakeup", NAPI_AUTO_LENGTH, &name);
  napi_async_init(env, NULL, name, &l->context);
  napi_add_async_cleanup_hook(env, on_teardown, l, &l->teardown);
  uv_poll_start(&l->poll, UV_READABLE, on_readable);
  uv_unref((uv_handle_t *)&l->poll); /* wakeKeepAlive decides */
  napi_create_external(env, l, finalize_listener, NULL, &handle);
  return handle;
}

/* wakeKeepAlive(handle, keep): whether the poll keeps the event loop alive. */
static napi_value wake_keep_alive(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  bool keep = false;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  listener *l = argc == 2 ? listener_of(env, argv[0]) : NULL;
  if (!l || napi_get_value_bool(env, argv[1], &keep) != napi_ok) return NULL;
  if (!l->closing) (keep ? uv_ref : uv_unref)((uv_handle_t *)&l->poll);
  return NULL;
}

/* wakeClose(handle): stops polling and closes the socket; the file stays (the caller removes it). */
static napi_value wake_close(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  listener *l = argc == 1 ? listener_of(env, argv[0]) : NULL;
  if (l) stop(l);
  return NULL;
}

/* wakeConnect(path): a datagram socket connected to the one bound at `path`, or -errno. */
static napi_value wake_connect(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], result;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  char path[SOCKET_PATH_BYTES];
  if (argc < 1 || !read_path(env, argv[0], path)) return NULL;
  struct sockaddr_un address;
  int fd = datagram_socket(path, &address);
  if (fd >= 0 && connect(fd, (struct sockaddr *)&address, sizeof address) != 0) {
    int error = errno;
    close(fd);
    fd = -error;
  }
  napi_create_int32(env, fd, &result);
  return result;
}

/*
 * nudge(fd): sends the wake-up byte without blocking. True when sent, or when the reader's
 * queue is full (it has bytes to read, so it wakes anyway); false when nobody reads there
 * any more (ECONNREFUSED) or on any other error: the caller closes `fd` and connects again.
 */
static napi_value nudge_socket(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], result;
  int32_t fd;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || napi_get_value_int32(env, argv[0], &fd) != napi_ok) {
    napi_throw_type_error(env, NULL, "nudge(fd: number)");
    return NULL;
  }
  static const char byte = 1;
  ssize_t sent;
  do {
    sent = send(fd, &byte, 1, MSG_DONTWAIT | MSG_NOSIGNAL);
  } while (sent < 0 && errno == EINTR);
  napi_get_boolean(env, sent == 1 || errno == EAGAIN || errno == EWOULDBLOCK, &result);
  return result;
}

void export_wakeup(napi_env env, napi_value exports) {
  export_function(env, exports, "wakeListen", wake_listen);
  export_function(env, exports, "wakeKeepAlive", wake_keep_alive);
  export_function(env, exports, "wakeClose", wake_close);
  export_function(env, exports, "wakeConnect", wake_connect);
  export_function(env, exports, "nudge", nudge_socket);
}
