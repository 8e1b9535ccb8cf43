/* The event bus's wake-up sockets (wakeup.c), exported by the addon (addon.c). */
#ifndef MVENT_WAKEUP_H
#define MVENT_WAKEUP_H
#include <node_api.h>

/* Adds `name` to `exports` (addon.c). */
void export_function(napi_env env, napi_value exports, const char *name, napi_callback cb);

/* Adds wakeListen, wakeKeepAlive, wakeClose, wakeConnect and nudge to `exports`. */
void export_wakeup(napi_env env, napi_value exports);
#endif
