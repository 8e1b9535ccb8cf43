/**
 * The status codes the Python protocol accepts (`SyftStatus`: every `http.HTTPStatus` of
 * Python 3.11, plus 419 Expired and 499 Client Closed Request). Any other code makes the
 * Python client fail to load the response.
 */
const VALID_STATUS_CODES = new Set<number>([
  100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300,
  301, 302, 303, 304, 305, 307, 308, 400, 401, 402, 403, 404, 405, 406, 407,
  408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 419, 421, 422, 423,
  424, 425, 426, 428, 429, 431, 451, 499, 500, 501, 502, 503, 504, 505, 506,
  507, 508, 510, 511,
]);

/**
 * Whether `code` is a status the SyftBox protocol accepts.
 *
 * @publicApi
 */
export function isSyftStatus(code: unknown): code is number {
  return typeof code === 'number' && VALID_STATUS_CODES.has(code);
}
