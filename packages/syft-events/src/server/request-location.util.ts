import { basename, dirname, relative, sep } from 'node:path';
import type { RouteMatch, RouteTable } from '@mvent/core';

/** Where a request file sits under an app's `rpc/` folder, derived from its path only. */
export interface RequestLocation {
  /** `'request'`: `<endpoint…>/<sender>/<uuid>.request`; `'legacy'`: `<endpoint…>/<uuid>.request`. */
  kind: 'request' | 'legacy';
  /** The folders between `rpc/` and the sender folder (or the file, for legacy requests). */
  endpointSegments: string[];
  /** The sender folder's name, which `sender` in the file must equal (`''` for legacy). */
  senderDir: string;
  /** The request id: the file name without `.request`, lower-cased. */
  id: string;
  /** The response path: beside the request, never taken from the file's contents. */
  responsePath: string;
  /** For a request without a route, the nearest served endpoint folder above it, if any. */
  servedAbove?: string;
}

const UUID_FILE =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.request$/i;

/**
 * Locates a request file under `rpcDir` from its path alone. Returns `{ ignored }` with the
 * reason for files that are not requests this server may answer: outside `rpc/`, not named
 * `<uuid>.request` (which skips `.rejected.request`, `.syftrejected.request` and
 * `.conflict.request` markers), or at the top of `rpc/`.
 *
 * A file directly in a served endpoint folder is a legacy request (written before senders
 * had folders); anything else is `<endpoint…>/<sender>/<uuid>.request`, whose endpoint may
 * or may not be served (that gives a 404). With `nested`, an unserved endpoint folder is
 * served by the nearest served folder above it (`echo/sub/deeper` by `/echo`), as Python
 * syft-event's recursive watches do.
 */
export function locateRequest<T>(
  rpcDir: string,
  requestPath: string,
  routes: RouteTable<T>,
  nested = false,
):
  | (RequestLocation & { route: RouteMatch<T> | undefined })
  | { ignored: string } {
  const rel = relative(rpcDir, requestPath);
  if (rel === '' || rel.startsWith('..') || rel.startsWith(sep)) {
    return { ignored: 'outside the rpc folder' };
  }
  const match = UUID_FILE.exec(basename(requestPath));
  if (!match) {
    return { ignored: 'not named <uuid>.request' };
  }
  const folders = dirname(rel) === '.' ? [] : dirname(rel).split(sep);
  if (folders.length === 0) {
    return { ignored: 'at the top of the rpc folder, outside any endpoint' };
  }
  const common = {
    id: match[1].toLowerCase(),
    responsePath: requestPath.replace(/\.request$/, '.response'),
  };
  const endpointSegments = folders.slice(0, -1);
  const route =
    endpointSegments.length > 0 ? routes.match(endpointSegments) : undefined;
  const legacyRoute = route ? undefined : routes.match(folders);
  if (legacyRoute) {
    return {
      ...common,
      kind: 'legacy',
      endpointSegments: folders,
      senderDir: '',
      route: legacyRoute,
    };
  }
  if (endpointSegments.length === 0) {
    return { ignored: 'directly in an unserved folder of rpc/' };
  }
  const above = route ? undefined : nearestAbove(routes, endpointSegments);
  return {
    ...common,
    kind: 'request',
    endpointSegments,
    senderDir: folders[folders.length - 1],
    route: nested && above ? above : route,
    servedAbove: above && String(above.path),
  };
}

/** The route of the longest proper prefix of `segments` that has one. */
function nearestAbove<T>(
  routes: RouteTable<T>,
  segments: string[],
): RouteMatch<T> | undefined {
  for (let length = segments.length - 1; length > 0; length--) {
    const match = routes.match(segments.slice(0, length));
    if (match) return match;
  }
  return undefined;
}
