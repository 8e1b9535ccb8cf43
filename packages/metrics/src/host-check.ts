import { isIP } from 'node:net';

/**
 * Whether an HTTP request's `Host` header names this machine, as Vite and
 * webpack-dev-server check it: an IP address, `localhost` or a `*.localhost` name, or one
 * of `allowedHosts`. A page from `evil.example` whose name an attacker re-points at
 * 127.0.0.1 (DNS rebinding) still sends `Host: evil.example`, and is refused; an IP
 * address cannot be rebound.
 *
 * @publicApi
 */
export function isAllowedHost(
  hostHeader: string | undefined,
  allowedHosts: readonly string[] = [],
): boolean {
  if (!hostHeader) return false;
  const name = hostnameOf(hostHeader).toLowerCase();
  return (
    isIP(name) !== 0 ||
    name === 'localhost' ||
    name.endsWith('.localhost') ||
    allowedHosts.some(allowed => allowed.toLowerCase() === name)
  );
}

/** `[::1]:9464` → `::1`, `localhost:80` → `localhost`, `a.b` → `a.b`. */
function hostnameOf(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  const colon = host.lastIndexOf(':');
  return colon < 0 ? host : host.slice(0, colon);
}

/** The answer to a request whose `Host` is not allowed. */
export const HOST_REFUSED_TEXT =
  'Host not allowed: this server answers requests addressed to this machine by IP address or ' +
  'as localhost (a DNS-rebinding guard); add the name to allowedHosts to reach it by another.\n';
