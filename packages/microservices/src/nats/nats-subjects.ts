import { RoutePath } from '@mvent/core';

/**
 * How event names and route paths become NATS subjects.
 *
 * - An event `order.created` is published on `<events prefix>.order.created`: each dotted
 *   segment is a subject token, so a name must not have empty segments, spaces, `*` or `>`.
 * - A pattern's segment `*` is the token wildcard `*`, and a final `**` is `>`. A pattern
 *   with other glob syntax (`order.{created,paid}`, `user-*`, a `**` before the end) is
 *   subscribed as its literal prefix followed by `>`, and the rest is matched by the
 *   subscriber, which acknowledges non-matching events unhandled.
 * - A route `/orders/{id}` is served on `<rpc prefix>.orders.*`, `/files/**` on
 *   `<rpc prefix>.files.>`; a request path's segments are tokens with `.`, spaces, `*`, `>`
 *   and `%` percent-encoded, so any path can be sent.
 */
const TOKEN = /^[^\s.*>]+$/;
const GLOB = /[*?[\]{}()!+@]/;

/**
 * The subject of `event`.
 *
 * @throws TypeError for a name that is not a valid sequence of subject tokens
 */
export function eventSubject(prefix: string, event: string): string {
  if (typeof event !== 'string' || !event.split('.').every(isToken)) {
    throw new TypeError(
      `Invalid event name ${JSON.stringify(event)} for NATS: use dot-separated segments without spaces, '*' or '>'.`,
    );
  }
  return `${prefix}.${event}`;
}

/**
 * The subject a subscription to `pattern` filters on, and whether the subscriber must still
 * match names itself (glob syntax NATS does not have).
 */
export function patternSubject(
  prefix: string,
  pattern: string,
): { subject: string; exact: boolean } {
  const segments = pattern.split('.');
  const tokens: string[] = [];
  for (const [index, segment] of segments.entries()) {
    const last = index === segments.length - 1;
    if (segment === '*') tokens.push('*');
    else if (segment === '**' && last) tokens.push('>');
    else if (isToken(segment) && !GLOB.test(segment)) tokens.push(segment);
    else return { subject: [prefix, ...tokens, '>'].join('.'), exact: false };
  }
  return { subject: [prefix, ...tokens].join('.'), exact: true };
}

/** The subject a route is served on. */
export function routeSubject(prefix: string, path: RoutePath): string {
  const tokens = path
    .toString()
    .split('/')
    .filter(Boolean)
    .map(segment => {
      if (segment === '**') return '>';
      if (segment === '*' || /^\{.+\}$/.test(segment)) return '*';
      return encodeToken(segment);
    });
  return [prefix, ...tokens].join('.');
}

/** The subject a request to `url` is sent on (its query is not part of it). */
export function requestSubject(prefix: string, url: string): string {
  const query = url.indexOf('?');
  const path = query < 0 ? url : url.slice(0, query);
  return [prefix, ...RoutePath.segmentsOf(path).map(encodeToken)].join('.');
}

function isToken(segment: string): boolean {
  return TOKEN.test(segment);
}

function encodeToken(segment: string): string {
  return segment.replace(
    /[\s.*>%]/g,
    char =>
      `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}
