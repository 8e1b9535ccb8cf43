import { InvalidRouteError } from '../errors/invalid-route.error';
import type { RoutePath } from './route-path';

/** A route found for a request, with its path parameters. */
export interface RouteMatch<T> {
  path: RoutePath;
  handler: T;
  params: Record<string, string>;
}

/**
 * The routes of one server, matched segment by segment. Only an exact match counts, so a
 * request to the unregistered `/echo/sub` is not served by `/echo` (Python syft-event's
 * B5); among parameterised matches, literal segments win (`/data/latest` over `/data/{id}`).
 *
 * @publicApi
 */
export class RouteTable<T> {
  private readonly routes = new Map<
    string,
    { path: RoutePath; handler: T; name: string }
  >();

  /**
   * Adds a route.
   *
   * @throws InvalidRouteError when the path is already served
   */
  add(path: RoutePath, handler: T, name = String(path)): void {
    const key = path.toString().replace(/\{[^}]+\}/g, '{}');
    const existing = this.routes.get(key);
    if (existing) {
      throw InvalidRouteError.duplicate(path.toString(), existing.name, name);
    }
    this.routes.set(key, { path, handler, name });
  }

  /** The route that serves `segments`, if any. */
  match(segments: readonly string[]): RouteMatch<T> | undefined {
    let best: RouteMatch<T> | undefined;
    for (const { path, handler } of this.routes.values()) {
      const params = path.match(segments);
      if (params && (!best || path.specificity > best.path.specificity)) {
        best = { path, handler, params };
      }
    }
    return best;
  }

  /** Every route, in registration order. */
  entries(): { path: RoutePath; handler: T }[] {
    return [...this.routes.values()].map(({ path, handler }) => ({
      path,
      handler,
    }));
  }

  get size(): number {
    return this.routes.size;
  }
}
