/** Keys, tokens and wire constants of `@mvent/syft-events`. */

/** The sender and url host of responses the client makes up itself (404, 419, …). */
export const SYSTEM_SENDER = 'system@syftbox.localhost';
/** Request methods the Python protocol accepts. */
export const SYFT_METHODS = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
] as const;
/** Where SyftBox keeps its config by default, under the home directory. */
export const DEFAULT_CONFIG_RELATIVE_PATH = '.syftbox/config.json';
/** The environment variable that points at the SyftBox config. */
export const CONFIG_PATH_ENV = 'SYFTBOX_CLIENT_CONFIG_PATH';
/** Embedded default when no SyftBox is installed: the folder (under the home dir) and the email. */
export const EMBEDDED_DATA_DIR = '.mvent/syftbox';
export const EMBEDDED_EMAIL = 'user@mvent.local';
/** The `@Watch()` bindings of a method (`WatchMetadata[]`). */
export const WATCH_METADATA = 'mvent:syft_watch';
/** DI token of the `SyftEventsModule` options. */
export const SYFT_EVENTS_OPTIONS = Symbol('SYFT_EVENTS_OPTIONS');
