import { relative, sep } from 'node:path';

/** Where a request file sits, once checked against the app's endpoints. */
export interface RequestLocation {
  /** The registered endpoint it belongs to, e.g. `/v1/ping` (the longest match wins). */
  endpoint: string;
  /** The sender folder's name: the email the request must carry in `sender`. */
  senderDir: string;
  /** The request id: the file name without `.request`. */
  id: string;
  /** The response path: beside the request, derived from the path, never from the file's contents. */
  responsePath: string;
}

const UUID_FILE =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.request$/i;

/**
 * Locates a request file under an app's `rpc/` folder:
 * `rpc/<endpoint…>/<sender>/<uuid>.request`. Returns a reason instead when the file is
 * outside `rpc/`, not named `<uuid>.request` (markers such as `.rejected.request` are
 * skipped), not under a registered endpoint, or not directly in a sender folder.
 * The longest registered endpoint wins, so `/echo/sub` is not answered by `/echo`.
 *
 */
export function locateRequest(
  rpcDir: string,
  requestPath: string,
  endpoints: readonly string[],
): RequestLocation | { rejected: string } {
  const rel = relative(rpcDir, requestPath);
  if (rel.startsWith('..') || rel === '' || rel.startsWith(sep)) {
    return { rejected: 'outside the rpc folder' };
  }
  const segments = rel.split(sep);
  const match = UUID_FILE.exec(segments[segments.length - 1]);
  if (!match) {
    return { rejected: 'not named <uuid>.request' };
  }
  const folders = segments.slice(0, -1);
  const endpoint = [...endpoints]
    .map(normalizeEndpoint)
    .filter(candidate => isPrefix(candidate.split('/'), folders))
    .sort((a, b) => b.length - a.length)[0];
  if (endpoint === undefined) {
    return { rejected: 'no registered endpoint' };
  }
  const depth = endpoint.split('/').length;
  if (folders.length !== depth + 1) {
    return { rejected: 'not directly in a sender folder of its endpoint' };
  }
  return {
    endpoint: `/${endpoint}`,
    senderDir: folders[depth],
    id: match[1].toLowerCase(),
    responsePath: requestPath.replace(/\.request$/, '.response'),
  };
}

/** `"/v1/ping/"` → `"v1/ping"`. */
export function normalizeEndpoint(endpoint: string): string {
  return endpoint.replace(/^\/+|\/+$/g, '');
}

function isPrefix(prefix: string[], folders: string[]): boolean {
  return (
    prefix.length < folders.length &&
    prefix.every((segment, i) => folders[i] === segment)
  );
}
