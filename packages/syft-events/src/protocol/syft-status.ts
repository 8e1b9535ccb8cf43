/**
 * Python 3.11's `http.HTTPStatus` members, which syft-rpc's `SyftStatus` is built from
 * (protocol.py), by name.
 */
const HTTP_STATUS = {
  CONTINUE: 100,
  SWITCHING_PROTOCOLS: 101,
  PROCESSING: 102,
  EARLY_HINTS: 103,
  OK: 200,
  CREATED: 201,
  ACCEPTED: 202,
  NON_AUTHORITATIVE_INFORMATION: 203,
  NO_CONTENT: 204,
  RESET_CONTENT: 205,
  PARTIAL_CONTENT: 206,
  MULTI_STATUS: 207,
  ALREADY_REPORTED: 208,
  IM_USED: 226,
  MULTIPLE_CHOICES: 300,
  MOVED_PERMANENTLY: 301,
  FOUND: 302,
  SEE_OTHER: 303,
  NOT_MODIFIED: 304,
  USE_PROXY: 305,
  TEMPORARY_REDIRECT: 307,
  PERMANENT_REDIRECT: 308,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  PAYMENT_REQUIRED: 402,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  NOT_ACCEPTABLE: 406,
  PROXY_AUTHENTICATION_REQUIRED: 407,
  REQUEST_TIMEOUT: 408,
  CONFLICT: 409,
  GONE: 410,
  LENGTH_REQUIRED: 411,
  PRECONDITION_FAILED: 412,
  REQUEST_ENTITY_TOO_LARGE: 413,
  REQUEST_URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  REQUESTED_RANGE_NOT_SATISFIABLE: 416,
  EXPECTATION_FAILED: 417,
  IM_A_TEAPOT: 418,
  MISDIRECTED_REQUEST: 421,
  UNPROCESSABLE_ENTITY: 422,
  LOCKED: 423,
  FAILED_DEPENDENCY: 424,
  TOO_EARLY: 425,
  UPGRADE_REQUIRED: 426,
  PRECONDITION_REQUIRED: 428,
  TOO_MANY_REQUESTS: 429,
  REQUEST_HEADER_FIELDS_TOO_LARGE: 431,
  UNAVAILABLE_FOR_LEGAL_REASONS: 451,
  INTERNAL_SERVER_ERROR: 500,
  NOT_IMPLEMENTED: 501,
  BAD_GATEWAY: 502,
  SERVICE_UNAVAILABLE: 503,
  GATEWAY_TIMEOUT: 504,
  HTTP_VERSION_NOT_SUPPORTED: 505,
  VARIANT_ALSO_NEGOTIATES: 506,
  INSUFFICIENT_STORAGE: 507,
  LOOP_DETECTED: 508,
  NOT_EXTENDED: 510,
  NETWORK_AUTHENTICATION_REQUIRED: 511,
} as const;

/** The members syft-rpc adds, two of them codes HTTP does not have. */
const SYFT_ALIASES = {
  SYFT_419_EXPIRED: 419,
  SYFT_499_CLIENT_CLOSED_REQUEST: 499,
  SYFT_500_SERVER_ERROR: 500,
} as const;

type HttpStatusName = keyof typeof HTTP_STATUS;

/** `SYFT_<code>_<NAME>` for every HTTP member, e.g. `SYFT_201_CREATED`. */
type SyftNamed = {
  [
    K in HttpStatusName as `SYFT_${(typeof HTTP_STATUS)[K]}_${K}`
  ]: (typeof HTTP_STATUS)[K];
};

/**
 * syft-rpc's `SyftStatus`: every HTTP status by its Python name (`SyftStatus.CREATED`), the
 * `SYFT_<code>_<NAME>` form for each (`SyftStatus.SYFT_201_CREATED`, as syft-event's README
 * writes it, though Python itself only has `SYFT_200_OK`, `SYFT_400_BAD_REQUEST`,
 * `SYFT_403_FORBIDDEN`, `SYFT_404_NOT_FOUND` and the three below), `SYFT_419_EXPIRED`,
 * `SYFT_499_CLIENT_CLOSED_REQUEST` and `SYFT_500_SERVER_ERROR`. These are the only codes a
 * response may have on the wire.
 *
 * @example
 * ```ts
 * return new Response({ message: 'Custom response' }, SyftStatus.SYFT_201_CREATED);
 * ```
 * @publicApi
 */
export const SyftStatus = Object.freeze({
  ...HTTP_STATUS,
  ...(Object.fromEntries(
    Object.entries(HTTP_STATUS).map(([name, code]) => [
      `SYFT_${code}_${name}`,
      code,
    ]),
  ) as SyftNamed),
  ...SYFT_ALIASES,
});

/** A code of {@link SyftStatus}. @publicApi */
export type SyftStatusCode = (typeof SyftStatus)[keyof typeof SyftStatus];

const VALID_STATUS_CODES = new Set<number>(Object.values(SyftStatus));

/**
 * Whether `code` is a status the SyftBox protocol accepts (a {@link SyftStatus} code). Any
 * other code makes the Python client fail to load the response.
 *
 * @publicApi
 */
export function isSyftStatus(code: unknown): code is number {
  return typeof code === 'number' && VALID_STATUS_CODES.has(code);
}
