import { InvalidRouteError } from '../errors/invalid-route.error';
import { RoutePath } from './route-path';

/** How many distinct request paths {@link RouteTable.matchPath} remembers. */
const RECENT_PATHS = 1024;

/** A route found for a request, with its path parameters. */
export interface RouteMatch<T> {
  path: RoutePath;
  handler: T;
  params: Record<string, string>;
}

/**
 * The routes of one server, matched segment by segment. A request to the unregistered
 * `/echo/sub` is not served by `/echo` (Python syft-event's B5) unless `/echo/**` is a route;
 * the most specific match wins (`/data/latest` over `/data/{id}` over `/data/**`).
 *
 * @publicApi
 */
export class RouteTable<T> {
  private readonly routes = new Map<
    string,
    { path: RoutePath; handler: T; name: string }
  >();
  /** Recent request paths and what they matched: most requests repeat a few paths. */
  private readonly recent = new Map<string, RouteMatch<T> | undefined>();

  /**
   * Adds a route.
   *
   * @throws InvalidRouteError when the path is already served
   */
  add(path: RoutePath, handler: T, name = String(path)): void {
    const key = path.shape;
    const existing = this.routes.get(key);
    if (existing) {
      throw InvalidRouteError.duplicate(path.toString(), existing.name, name);
    }
    this.routes.set(key, { path, handler, name });
    this.recent.clear();
  }

  /**
   * The route that serves the request path `path` (its query is ignored), if any. The
   * answer is remembered for the last 1,024 distinct paths; its `params` are
   * frozen, since every request to the path shares them.
   */
  matchPath(path: string): RouteMatch<T> | undefined {
    const query = path.indexOf('?');
    const key = query < 0 ? path : path.slice(0, query); // `/x?a=1` and `/x?a=2` share one entry
    if (this.recent.has(key)) return this.recent.get(key);
    const match = this.match(RoutePath.segmentsOf(key));
    if (match) Object.freeze(match.params);
    if (this.recent.size >= RECENT_PATHS) this.recent.clear();
    this.recent.set(key, match);
    return match;
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
