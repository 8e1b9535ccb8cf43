/** Message builders of `@mvent/syft-events`' errors. */

export const INVALID_SYFT_URL_MESSAGE = (
  url: unknown,
  reason: string,
): string =>
  `Invalid SyftBox URL ${JSON.stringify(url)}: ${reason}. Expected syft://<email>/<path>, e.g. syft://alice@example.com/app_data/demo/rpc/add.`;

export const INVALID_ENVELOPE_MESSAGE = (
  kind: string,
  reason: string,
): string => `Invalid ${kind} file: ${reason}.`;

export const CONFIG_NOT_FOUND_MESSAGE = (path: string): string =>
  `SyftBox config ${path} does not exist. Pass an existing path, or unset it to use ~/.syftbox/config.json or the embedded default.`;

export const INVALID_CONFIG_MESSAGE = (path: string, reason: string): string =>
  `SyftBox config ${path} is invalid: ${reason}. It needs at least "email" and "data_dir".`;
